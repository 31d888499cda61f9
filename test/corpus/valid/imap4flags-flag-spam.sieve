require ["imap4flags", "fileinto"];
if header :contains "x-spam-flag" "yes" {
    addflag "$Junk";
    fileinto :flags ["\\Seen", "$Junk"] "Junk";
}
