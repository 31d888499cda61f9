require ["spamtestplus", "relational", "comparator-i;ascii-numeric", "fileinto"];
if spamtest :percent :value "gt" :comparator "i;ascii-numeric" "80" {
    fileinto "Junk";
}
