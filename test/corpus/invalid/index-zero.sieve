require "index";
if header :index 0 :is "received" "x" { keep; }
