require "vnd.dovecot.pipe";
pipe;
