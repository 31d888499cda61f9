require "fileinto";

if header :contains "subject" "invoice" {
  fileinto "Invoices"
  stop;
}
if header :is :contains "from" "boss@example.com" {
  redirect "assistant@example.com";
}
elsif size :over 10M {
  discard;
}
vacation "gone";
