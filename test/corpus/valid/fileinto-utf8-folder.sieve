require "fileinto";
if address :domain :is "from" "example.de" {
    fileinto "Geschäftlich";
}
