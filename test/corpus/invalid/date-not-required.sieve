if currentdate :is "year" "2024" { keep; }
