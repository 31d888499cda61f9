if header :is "x-note" text: # comment after text: is allowed
..starts with a dot
.
{
    keep;
}
