require "mime";
if address :mime :anychild :is "from" "x@example.com" { keep; }
if exists :mime :anychild "content-id" { keep; }
