if exists "list-id" {
    if header :contains "list-id" "announce" {
        if size :over 100K {
            discard;
        } else {
            keep;
        }
    }
}
