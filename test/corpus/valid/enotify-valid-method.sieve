require "enotify";
if valid_notify_method "mailto:jdoe@example.com" {
    notify "mailto:jdoe@example.com";
}
if notify_method_capability "mailto:jdoe@example.com" "Online" "yes" { keep; }
