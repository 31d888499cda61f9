require "ereject";
if header :contains "subject" "lottery" {
    ereject "rejected as spam";
}
