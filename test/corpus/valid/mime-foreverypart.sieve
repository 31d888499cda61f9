require ["foreverypart", "mime", "fileinto"];
foreverypart {
    if header :mime :param "filename" :matches "Content-Disposition" "*.exe" {
        fileinto "Quarantine";
        break;
    }
}
