require ["vnd.dovecot.environment", "variables", "fileinto"];
fileinto "${env.vnd.dovecot.default-mailbox}";
if environment :is "vnd.dovecot.username" "jdoe" { keep; }
