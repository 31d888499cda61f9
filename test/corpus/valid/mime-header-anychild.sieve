require ["mime", "fileinto"];
if header :mime :anychild :contenttype "Content-Type" "application/pdf" {
    fileinto "Documents";
}
