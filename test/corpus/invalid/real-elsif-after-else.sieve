if true { keep; } else { discard; } elsif false { keep; }
