require "comparator-i;ascii-numeric";
if header :matches :comparator "i;ascii-numeric" "x-count" "1*" { keep; }
