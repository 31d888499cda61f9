require ["regex", "comparator-i;ascii-numeric"];
if header :regex :comparator "i;ascii-numeric" "x-count" "^[0-9]+$" { keep; }
