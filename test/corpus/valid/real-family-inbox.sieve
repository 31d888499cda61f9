# Sorting for a family mailbox: school, utilities, everything else stays in INBOX.
require ["fileinto", "envelope", "subaddress"];

if address :domain :is "from" ["school.example.edu", "pta.example.org"] {
    fileinto "Family.School";
} elsif address :domain :is "from" ["power.example.com", "water.example.com", "isp.example.net"] {
    fileinto "Family.Bills";
} elsif envelope :detail "to" "kids" {
    fileinto "Family.Kids";
}
