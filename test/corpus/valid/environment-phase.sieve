require ["environment", "variables"];
if environment :matches "remote-host" "*.example.net" { set "trusted" "1"; }
