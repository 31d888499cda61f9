require "vacation";
if not header :contains "precedence" ["bulk", "list", "junk"] {
    vacation :days 14
             :subject "Away"
             :from "John Doe <jdoe@example.com>"
             :addresses "jdoe@example.org"
             :handle "summer-2024"
             :mime
    text:
Content-Type: text/plain; charset=utf-8

I'm away until the 20th.
.
;
}
