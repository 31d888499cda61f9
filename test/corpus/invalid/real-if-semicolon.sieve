if header :contains "subject" "x";
