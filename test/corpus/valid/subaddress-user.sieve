require ["subaddress", "envelope"];
if envelope :user :is "to" "jdoe" { keep; }
