require "vnd.dovecot.environment";
if environment :is "vnd.dovecot.username" { keep; }
