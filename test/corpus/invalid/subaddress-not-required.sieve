if address :detail :is "to" "x" { keep; }
