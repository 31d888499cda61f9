if address :list "from" ":addrbook:default" { keep; }
