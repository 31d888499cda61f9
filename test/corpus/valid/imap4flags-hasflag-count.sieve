require ["imap4flags", "relational", "comparator-i;ascii-numeric"];
if hasflag :count "ge" :comparator "i;ascii-numeric" "2" { keep; }
