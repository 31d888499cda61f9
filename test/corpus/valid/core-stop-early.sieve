if header :contains "from" "noreply@" {
    keep;
    stop;
}
redirect "archive@example.com";
