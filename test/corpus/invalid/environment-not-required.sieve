if environment :is "domain" "x" { keep; }
