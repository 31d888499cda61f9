require "subaddress";
if address :user :detail "to" "x" { keep; }
