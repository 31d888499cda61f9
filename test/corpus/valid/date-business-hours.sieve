require ["date", "relational", "fileinto"];
if allof (currentdate :value "ge" "hour" "09",
          currentdate :value "lt" "hour" "17") {
    keep;
} else {
    fileinto "After-hours";
}
