require ["date", "fileinto"];
if date :is "date" "year" "2023" {
    fileinto "Archive.2023";
}
