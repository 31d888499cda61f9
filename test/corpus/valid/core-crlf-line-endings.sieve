if header :is "subject" "crlf" {
    keep;
}
