if header :regexish "subject" "x" { keep; }
