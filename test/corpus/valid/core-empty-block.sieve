if header :contains "subject" "ignore me" {
}
