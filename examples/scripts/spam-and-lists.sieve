# Global "before" script: sort spam and mailing lists before the user's own rules.
require ["fileinto", "mailbox", "relational", "comparator-i;ascii-numeric",
         "spamtest", "variables", "imap4flags"];

# Spam score from the scanner's header, mapped to 0..10 by the server (RFC 5235).
if spamtest :value "ge" :comparator "i;ascii-numeric" "7" {
  fileinto :create "Junk";
  stop;
}

/* Mailing lists: file by List-Id into Lists/<name>, flagged as seen for digests. */
if header :matches "List-Id" "*<*.*>*" {
  set :lower "list" "${2}";
  if header :contains "Subject" "digest" {
    addflag "\\Seen";
  }
  fileinto :create "Lists/${list}";
}
