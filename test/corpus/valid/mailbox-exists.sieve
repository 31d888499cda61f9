require ["mailbox", "fileinto"];
if mailboxexists "Receipts" {
    fileinto "Receipts";
}
