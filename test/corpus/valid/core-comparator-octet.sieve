if header :comparator "i;octet" :is "x-mailer" "ExactCase" {
    keep;
}
if header :comparator "i;ascii-casemap" :contains "subject" "HELLO" {
    keep;
}
