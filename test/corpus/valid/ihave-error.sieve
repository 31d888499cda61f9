require "ihave";
if not ihave "vacation" {
    error "vacation is not available on this server";
}
