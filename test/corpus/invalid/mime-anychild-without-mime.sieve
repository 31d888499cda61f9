require "mime";
if header :anychild "Content-Type" "text/plain" { keep; }
