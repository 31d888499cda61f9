require ["date", "relational", "vacation"];
if allof (currentdate :value "ge" "date" "2024-07-01",
          currentdate :value "le" "date" "2024-07-21") {
    vacation :days 7 "Away in July.";
}
