require ["enotify", "variables"];
if header :matches "subject" "*" {
    set :encodeurl "s" "${1}";
    notify "mailto:jdoe@example.com?subject=${s}";
}
