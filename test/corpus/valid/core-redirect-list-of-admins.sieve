if anyof (header :contains "subject" "URGENT", header :is "importance" "high") {
    redirect "oncall@example.com";
    redirect "backup-oncall@example.com";
}
