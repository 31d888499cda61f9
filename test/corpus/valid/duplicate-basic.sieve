require ["duplicate", "fileinto"];
if duplicate {
    fileinto "Trash";
}
