require "encoded-character";
if header :contains "subject" "${unicode:1F600} party ${unicode: 20AC}" {
    keep;
}
