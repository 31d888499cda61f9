require "envelope";
if envelope :is "subject" "x" { keep; }
