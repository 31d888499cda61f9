require ["fileinto", "body"];
if allof (size :over 5M, body :content "application" :contains "") {
    fileinto "Large";
}
