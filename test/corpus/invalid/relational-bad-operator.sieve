require "relational";
if header :value "greater" "x-spam-score" "5" { keep; }
