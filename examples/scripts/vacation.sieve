require ["vacation", "envelope", "subaddress", "fileinto"];

# Plus-addressed mail goes to its folder: alice+shop@example.com -> "shop".
if envelope :detail "to" "shop" {
  fileinto "Shopping";
}

# Out of office, at most one reply per sender per week (RFC 5230 §4.1).
if not header :contains "Precedence" ["bulk", "list", "junk"] {
  vacation :days 7 :subject "Out of office"
    :addresses ["alice@example.com", "a.smith@example.com"]
    text:
I am away until Monday and will read your message when I am back.
..Lines starting with a dot are dot-stuffed.
.
;
}
