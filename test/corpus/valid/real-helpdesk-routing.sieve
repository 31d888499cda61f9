require ["copy", "fileinto", "regex", "variables"];
if header :regex "subject" "\\[(HD|IT)-([0-9]{4,})\\]" {
    set "queue" "${1}";
    set "ticket" "${2}";
    redirect :copy "tickets@example.com";
    fileinto "Tickets.${queue}";
}
