require ["special-use", "mailbox", "fileinto"];
if specialuse_exists "INBOX" ["\\Junk", "\\Trash"] {
    fileinto :specialuse "\\Trash" :create "Trash";
}
