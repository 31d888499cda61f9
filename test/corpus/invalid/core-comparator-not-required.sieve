# i;ascii-numeric needs require "comparator-i;ascii-numeric".
if header :comparator "i;ascii-numeric" :is "x-count" "5" { keep; }
