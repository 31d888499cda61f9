# Forward mail from the boss to my phone gateway as well.
if address :is "from" "boss@example.com" {
    redirect "jdoe-sms@example.net";
    keep;
}
