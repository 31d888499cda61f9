require ["fileinto", "envelope"];
if envelope :is "from" "" {
    fileinto "Bounces";
}
