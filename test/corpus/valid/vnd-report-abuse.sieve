require "vnd.dovecot.report";
if header :contains "x-spam-flag" "yes" {
    report "abuse" "This is spam." "abuse@example.com";
}
