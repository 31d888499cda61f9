require ["duplicate", "fileinto", "variables"];
if header :matches "message-id" "*" {
    if duplicate :uniqueid "${1}" { discard; stop; }
}
fileinto "INBOX";
