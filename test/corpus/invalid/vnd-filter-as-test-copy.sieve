require ["vnd.dovecot.filter", "copy"];
filter :copy "strip";
