require "mboxmetadata";
if metadata :is "INBOX" "/private/comment" { keep; }
