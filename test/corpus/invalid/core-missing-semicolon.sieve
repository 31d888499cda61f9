if header :contains "subject" "test" {
    keep
}
