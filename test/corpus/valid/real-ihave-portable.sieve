require ["ihave", "fileinto"];
if ihave "imap4flags" {
    if header :contains "subject" "urgent" {
        addflag "\\Flagged";
    }
}
fileinto "INBOX.Processed";
