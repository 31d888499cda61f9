if size :under 1K { keep; }
if size :under 2G { keep; }
if size :over 0 { keep; }
