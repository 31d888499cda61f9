# Pigeonhole accepts an unknown date-part with a warning; the test is then simply false.
require "date";
if currentdate :is "fortnight" "1" { keep; }
