if envelope :is "from" "x@example.com" { discard; }
