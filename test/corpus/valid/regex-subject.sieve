require ["regex", "fileinto", "variables"];
if header :regex "subject" "^\\[([A-Z]+-[0-9]+)\\]" {
    fileinto "Tickets.${1}";
}
