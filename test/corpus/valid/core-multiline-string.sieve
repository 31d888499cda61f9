if header :contains "subject" text:
quarterly report
.
{
    keep;
}
