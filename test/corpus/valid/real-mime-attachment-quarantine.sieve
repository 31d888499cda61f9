require ["foreverypart", "mime", "fileinto", "variables"];
foreverypart {
    if header :mime :param "filename" :matches ["Content-Type", "Content-Disposition"]
        ["*.exe", "*.scr", "*.js", "*.vbs"] {
        fileinto "Quarantine";
        stop;
    }
}
