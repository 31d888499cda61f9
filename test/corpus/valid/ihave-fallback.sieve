require ["ihave", "fileinto"];
if ihave "mailbox" {
    fileinto :create "Sorted";
} else {
    fileinto "INBOX";
}
