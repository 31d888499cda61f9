require "extlists";
if header :list :is "from" ":addrbook:default" { keep; }
