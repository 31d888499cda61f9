require "index";
if header :index 1 :last :contains "received" "mx.example.com" { keep; }
if address :index 2 :is "to" "jdoe@example.com" { keep; }
