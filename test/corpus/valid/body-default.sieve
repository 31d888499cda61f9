require "body";
if body :contains "password" { keep; }
