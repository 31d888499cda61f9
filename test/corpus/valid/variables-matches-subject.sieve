require ["variables", "fileinto"];
if header :matches "subject" "[*] *" {
    fileinto "Tags.${1}";
}
