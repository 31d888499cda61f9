if header :is "subject" ["a", "b" { keep; }
