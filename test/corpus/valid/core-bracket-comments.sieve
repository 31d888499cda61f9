if /* inline */ header /* between */ :is "subject" /* args */ "x" { keep; }
