require "envelope";
if envelope :is "from" { keep; }
