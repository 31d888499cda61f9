require "relational";
if header :count "received" "30" { discard; }
