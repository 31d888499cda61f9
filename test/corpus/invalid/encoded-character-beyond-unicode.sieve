# RFC 5228 §2.4.2.4: each unicode-hex must name a Unicode scalar value (at most U+10FFFF).
require ["encoded-character", "fileinto"];
fileinto "${unicode:100000041}";
