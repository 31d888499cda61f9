require "relational";
if header :value "lt" "subject" "m" { keep; }
