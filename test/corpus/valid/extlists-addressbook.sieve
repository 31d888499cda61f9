require ["extlists", "fileinto"];
if not address :list "from" ":addrbook:default" {
    fileinto "Unknown-Senders";
}
