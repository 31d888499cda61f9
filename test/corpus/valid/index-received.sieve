require ["index", "date", "relational"];
if date :index 1 :value "lt" "received" "date" "2020-01-01" { discard; }
