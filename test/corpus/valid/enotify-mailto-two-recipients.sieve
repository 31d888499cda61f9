# RFC 6068 §2: the mailto "to" part is a comma-separated list of addr-specs.
require ["enotify"];
if header :contains "Subject" "urgent" {
  notify "mailto:oncall@example.com,backup@example.com";
}
