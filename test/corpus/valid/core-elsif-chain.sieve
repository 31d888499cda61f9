if header :is "x-priority" "1" {
    keep;
} elsif header :is "x-priority" "2" {
    keep;
} elsif header :is "x-priority" "5" {
    discard;
} else {
    keep;
}
