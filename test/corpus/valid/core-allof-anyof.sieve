if allof (address :domain :is "from" "example.org",
          anyof (header :contains "subject" "invoice",
                 header :contains "subject" "receipt")) {
    keep;
} else {
    redirect "accounting@example.com";
}
