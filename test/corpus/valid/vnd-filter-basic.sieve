require "vnd.dovecot.filter";
filter "strip-attachments";
