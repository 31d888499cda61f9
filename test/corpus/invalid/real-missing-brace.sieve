require "fileinto";
if header :contains "subject" "x" {
    fileinto "a";
elsif header :contains "subject" "y" {
    fileinto "b";
}
