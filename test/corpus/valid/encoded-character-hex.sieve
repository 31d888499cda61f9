require ["encoded-character", "fileinto"];
if header :contains "subject" "${hex:48 65 6C 6C 6F}" {
    fileinto "Hello";
}
