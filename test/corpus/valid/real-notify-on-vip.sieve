require ["enotify", "variables", "fileinto"];
if address :is "from" ["ceo@example.com", "cfo@example.com"] {
    if header :matches "subject" "*" { set "s" "${1}"; }
    notify :importance "1" :message "VIP mail: ${s}" "mailto:+15551234567@sms.example.net";
    fileinto "VIP";
}
