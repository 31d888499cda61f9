require "vnd.dovecot.report";
report "abuse" "x";
