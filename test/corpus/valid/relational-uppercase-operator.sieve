# RFC 5231 §5's relational-match ABNF is case-insensitive (RFC 5234 §2.3), so "GE" is "ge".
require ["relational", "comparator-i;ascii-numeric", "fileinto"];
if header :value "GE" :comparator "i;ascii-numeric" "X-Spam-Score" "5" {
  fileinto "Junk";
}
