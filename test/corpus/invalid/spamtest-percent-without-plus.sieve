require ["spamtest", "relational", "comparator-i;ascii-numeric"];
if spamtest :percent :value "gt" :comparator "i;ascii-numeric" "80" { discard; }
