require ["editheader", "variables"];
if header :matches "subject" "*" {
    deleteheader "subject";
    addheader "Subject" "[EXTERNAL] ${1}";
}
