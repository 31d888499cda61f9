if header :is "subject" 42 { keep; }
