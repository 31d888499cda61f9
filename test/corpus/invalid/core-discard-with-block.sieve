discard { keep; }
