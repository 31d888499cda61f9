require ["fileinto","vacation","imap4flags"];
# rule:[Newsletters]
if anyof (header :contains "from" "news@shop.example.com", header :contains "subject" "Newsletter")
{
	fileinto "Newsletters";
	stop;
}
# rule:[Flag invoices]
if header :contains "subject" "Invoice"
{
	addflag "\\Flagged";
	fileinto "Invoices";
}
