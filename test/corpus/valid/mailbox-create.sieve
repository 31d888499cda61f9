require ["mailbox", "fileinto"];
if header :contains "list-id" "rust-lang" {
    fileinto :create "Lists.Rust";
}
