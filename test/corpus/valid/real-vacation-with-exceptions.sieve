require ["vacation", "envelope", "relational"];

# No replies to lists, bulk mail or automatic notifications.
if anyof (exists "list-id",
          header :contains "precedence" ["bulk", "junk", "list"],
          header :is "auto-submitted" ["auto-generated", "auto-replied"],
          envelope :is "from" "") {
    stop;
}
vacation :days 5 :subject "Re: your message"
    :addresses ["jdoe@example.com", "j.doe@example.com"]
text:
Hello,

I am out of the office until 2 September with limited access to mail.

Regards,
John
.
;
