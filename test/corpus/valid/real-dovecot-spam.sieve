# The classic Dovecot + SpamAssassin setup.
require ["fileinto", "mailbox", "imap4flags", "relational", "comparator-i;ascii-numeric"];

if anyof (header :contains "X-Spam-Flag" "YES",
          header :value "ge" :comparator "i;ascii-numeric" "X-Spam-Score" "10") {
    setflag "\\Seen";
    fileinto :create "Junk";
    stop;
}
