require ["fileinto", "envelope", "subaddress", "variables", "mailbox"];
if envelope :matches :detail "to" "*" {
    set :lower "folder" "${1}";
    if not string :is "${folder}" "" {
        fileinto :create "Plus.${folder}";
    }
}
