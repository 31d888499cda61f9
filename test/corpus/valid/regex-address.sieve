require "regex";
if address :regex :domain "from" "(^|\\.)example\\.(com|net)$" { keep; }
