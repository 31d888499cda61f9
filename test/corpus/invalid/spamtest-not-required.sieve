if spamtest "5" { discard; }
