# "subject" does not contain addresses; RFC 5228 §5.1 limits address to address headers.
if address :is "subject" "x@example.com" { keep; }
