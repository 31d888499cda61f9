require "imap4flags";
if address :is "from" "boss@example.com" {
    keep :flags "\\Flagged";
}
