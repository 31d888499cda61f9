if header :contains "subject" ["viagra", "casino", "lottery winner"] {
    discard;
    stop;
}
