require "envelope";
if envelope :all :matches "from" "*@example.com" { keep; }
if envelope :localpart :is "to" "postmaster" { keep; }
