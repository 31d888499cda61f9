require "index";
if header :last :is "received" "x" { keep; }
