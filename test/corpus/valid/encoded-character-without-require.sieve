# Without require "encoded-character" the text is literal.
if header :is "subject" "${unicode:D800}" { keep; }
