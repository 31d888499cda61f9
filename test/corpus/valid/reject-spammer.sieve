require "reject";
if address :is "from" "spammer@example.net" {
    reject "Your messages are not welcome here.";
}
