require ["vnd.dovecot.debug", "variables"];
if header :matches "subject" "*" {
    debug_log "processing message with subject ${1}";
}
