require ["editheader", "variables", "envelope"];
if not envelope :domain :is "from" "example.com" {
    if header :matches "subject" "*" {
        deleteheader "Subject";
        addheader "Subject" "[EXT] ${1}";
    }
    addheader "X-External" "yes";
}
