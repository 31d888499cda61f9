require "environment";
if environment :is "domain" "mx.example.com" { keep; }
if environment :contains "name" "Sieve" { keep; }
