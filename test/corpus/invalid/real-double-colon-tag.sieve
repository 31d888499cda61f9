if header ::is "subject" "x" { keep; }
