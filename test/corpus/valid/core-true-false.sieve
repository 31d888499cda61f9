if true { keep; }
if false { discard; }
