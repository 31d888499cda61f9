if header "subject" :contains "x" { keep; }
