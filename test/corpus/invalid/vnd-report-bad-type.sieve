require "vnd.dovecot.report";
report "??" "x" "abuse@example.com";
