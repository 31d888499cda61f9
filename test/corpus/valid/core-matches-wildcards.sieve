if header :matches "subject" "*[SPAM]*" {
    discard;
}
if address :matches :localpart "to" "postmaster?" {
    redirect "admin@example.com";
}
