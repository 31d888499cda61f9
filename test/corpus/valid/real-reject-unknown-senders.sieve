require ["reject", "extlists"];
if not address :list "from" ":addrbook:default" {
    reject "Please contact me through the web form.";
}
