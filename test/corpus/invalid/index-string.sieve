require "index";
if header :index "1" :is "received" "x" { keep; }
