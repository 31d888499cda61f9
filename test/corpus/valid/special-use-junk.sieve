require ["special-use", "fileinto"];
if header :contains "x-spam-flag" "yes" {
    fileinto :specialuse "\\Junk" "Spam";
}
if specialuse_exists "\\Archive" { keep; }
