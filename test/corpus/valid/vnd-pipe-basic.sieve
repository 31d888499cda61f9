require "vnd.dovecot.pipe";
if header :contains "subject" "[ticket]" {
    pipe "create-ticket" ["--queue", "support"];
}
