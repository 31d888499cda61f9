require ["imapsieve", "environment", "imap4flags"];
if environment :is "imap.cause" "COPY" {
    if environment :is "imap.mailbox" "Junk" {
        addflag "$Junk";
    }
}
