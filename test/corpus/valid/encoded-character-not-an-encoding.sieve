require "encoded-character";
# Malformed sequences are left as they are (RFC 5228 §2.4.2.4).
if header :is "subject" "${hex:xyz} ${unknown:41} ${hex:" { keep; }
