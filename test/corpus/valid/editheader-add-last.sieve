require "editheader";
addheader :last "X-Filtered-By" "sieve";
deleteheader :index 1 "X-Spam-Status";
deleteheader :is "X-Mailer" "Spammy";
