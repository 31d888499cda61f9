if header :is :comparator "i;unicode-casemap" "subject" "Ärger" { keep; }
