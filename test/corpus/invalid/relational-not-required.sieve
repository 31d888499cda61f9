if header :count "gt" "received" "30" { discard; }
