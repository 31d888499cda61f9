require "spamtest";
if spamtest "0" { keep; }
