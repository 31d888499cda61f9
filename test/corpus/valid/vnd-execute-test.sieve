require "vnd.dovecot.execute";
if execute :pipe "is-known-sender" { keep; }
