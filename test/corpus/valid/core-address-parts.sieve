if address :all :is "from" "alice@example.com" { keep; }
if address :localpart :is "sender" "owner-list" { discard; }
if address :domain :is ["to", "cc"] "example.net" { keep; }
