require "comparator-i;unicode-casemap";
if header :comparator 1 :is "subject" "x" { keep; }
