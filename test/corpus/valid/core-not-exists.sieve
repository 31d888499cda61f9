# Mail without a Date or From header is almost always junk.
if not exists ["from", "date"] {
    discard;
}
