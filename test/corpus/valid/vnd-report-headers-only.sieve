require "vnd.dovecot.report";
report :headers_only "abuse" "Phishing attempt" "abuse@example.net";
