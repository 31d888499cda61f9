if size 100K { discard; }
