if frobnicated "subject" { keep; }
