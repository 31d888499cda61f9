require ["fileinto", "mailbox", "variables"];

# Lists.<name> for every list that sets List-Id: name <name.example.org>
if header :matches "List-Id" "*<*.*>" {
    set :lower "listname" "${2}";
    fileinto :create "Lists.${listname}";
    stop;
}
if exists "list-unsubscribe" {
    fileinto :create "Lists.other";
}
