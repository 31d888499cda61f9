require ["vnd.dovecot.pipe", "copy", "imapsieve", "environment", "variables"];
if environment :matches "imap.user" "*" {
    set "username" "${1}";
}
pipe :copy "sa-learn-spam.sh" ["${username}"];
