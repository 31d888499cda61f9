# UTF-8 in strings and comments: Grüße aus München.
if header :contains "subject" ["Grüße", "日本語", "Привет"] {
    keep;
}
