# Pigeonhole accepts a non-numeric zone with a warning (RFC 5260 §4.1 wants +hhmm/-hhmm).
require "date";
if currentdate :zone "CET" :is "hour" "09" { keep; }
