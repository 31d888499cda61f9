require "date";
if date :is "year" "2023" { keep; }
