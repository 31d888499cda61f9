# Backslash escapes in quoted strings (RFC 5228 §2.4.2).
if header :is "subject" "He said \"hi\" and left a \\ behind" {
    keep;
}
