keep;
else {
    discard;
}
