if header :contains "subject" text:
never terminated
{
    keep;
}
