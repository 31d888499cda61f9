# reject + vacation is a run-time conflict (RFC 5230 §4.7, RFC 5429 §2.1), not a compile error.
require ["vacation", "reject"];
reject "no";
vacation "away";
