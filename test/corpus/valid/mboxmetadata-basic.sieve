require ["mboxmetadata", "fileinto"];
if metadata :is "INBOX" "/private/vendor/vendor.dovecot/filter" "on" {
    fileinto "Filtered";
}
if metadataexists "INBOX" "/private/comment" { keep; }
