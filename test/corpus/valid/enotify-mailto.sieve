require ["enotify", "variables"];
if header :contains "from" "boss@example.com" {
    set "subj" "";
    if header :matches "subject" "*" { set "subj" "${1}"; }
    notify :importance "1" :message "Boss: ${subj}"
        "mailto:jdoe-pager@example.com?subject=Urgent";
}
