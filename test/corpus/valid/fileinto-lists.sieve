require "fileinto";
if header :contains "list-id" "<dev.lists.example.org>" {
    fileinto "Lists.dev";
} elsif header :contains "list-id" "<announce.lists.example.org>" {
    fileinto "Lists.announce";
}
