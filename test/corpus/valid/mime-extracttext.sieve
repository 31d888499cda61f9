require ["foreverypart", "extracttext", "variables", "mime"];
foreverypart :name "outer" {
    if header :mime :type :is "Content-Type" "text" {
        extracttext :first 100 "snippet";
        break :name "outer";
    }
}
