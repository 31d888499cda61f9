require "fileinto";
require "envelope";
require ["fileinto"];
if envelope :domain :is "to" "example.com" { fileinto "Work"; }
