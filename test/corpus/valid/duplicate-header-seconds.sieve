require ["duplicate", "variables"];
if header :matches "message-id" "*" {
    if duplicate :uniqueid "${1}" :seconds 3600 :handle "notify-dedupe" { stop; }
}
if duplicate :header "X-Event-ID" :last { discard; }
