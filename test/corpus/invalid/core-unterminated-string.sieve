if header :is "subject" "never ends {
    keep;
}
