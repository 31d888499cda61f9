require "comparator-i;ascii-numeric";
if header :is :comparator "i;ascii-numeric" "X-Priority" "1" { keep; }
