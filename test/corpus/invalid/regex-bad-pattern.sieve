require "regex";
if header :regex "subject" "([unclosed" { keep; }
