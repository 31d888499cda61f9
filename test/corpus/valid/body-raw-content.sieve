require "body";
if body :raw :contains "MAILER-DAEMON" { discard; }
if body :content ["text", "application/pdf"] :contains "invoice" { keep; }
