require "reject";
if size :over 20M {
    reject text:
Your message is larger than our 20 MB limit.
Please use the file transfer service instead.
.
;
}
