require ["vnd.dovecot.pipe", "copy"];
pipe :copy :try "archive-mail";
