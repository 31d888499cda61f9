require "envelope";
if envelope :domain :is "to" "lists.example.org" {
    keep;
}
