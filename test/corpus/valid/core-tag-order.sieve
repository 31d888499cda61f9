# Tagged arguments may come in any order before the positional ones.
if header :comparator "i;octet" :contains "subject" "x" { keep; }
if address :domain :comparator "i;ascii-casemap" :is "from" "example.com" { keep; }
if address :is :localpart "from" "jdoe" { keep; }
