if size :over 10M {
    discard;
} elsif size :over 500K {
    keep;
    stop;
}
