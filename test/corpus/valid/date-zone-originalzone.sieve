require ["date", "relational"];
if date :zone "+0100" :value "ge" "date" "weekday" "6" { keep; }
if date :originalzone :is "received" "zone" "+0000" { keep; }
