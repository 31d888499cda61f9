require ["subaddress", "fileinto"];
if address :detail :is "to" "newsletters" {
    fileinto "Newsletters";
} elsif address :detail :matches "to" "shop-*" {
    fileinto "Shopping";
}
