# Example from RFC 5228 §9.
require "fileinto";
if header :is "Sender" "owner-ietf-mtgs@ietf.org" {
    fileinto "meetings";
}
if anyof (not exists ["From", "Date"],
          header :contains "from" "fool@example.com") {
    discard;
}
if size :over 100K {
    discard;
}
if header :contains "subject" "$$$" {
    discard;
}
if address :all :comparator "i;octet" :is ["From", "To"] "jdoe@example.com" {
    fileinto "personal";
}
