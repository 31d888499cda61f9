require "environment";
if environment :is "imap.cause" "APPEND" { keep; }
if imapsieve { keep; }
