require "relational";
if header :value "eq" :count "eq" "x" "1" { keep; }
