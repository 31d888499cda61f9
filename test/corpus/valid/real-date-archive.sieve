require ["date", "variables", "fileinto", "mailbox"];
if currentdate :matches "year" "*" { set "year" "${1}"; }
if currentdate :matches "month" "*" { set "month" "${1}"; }
if header :contains "list-id" "commits" {
    fileinto :create "Archive.${year}.${month}";
}
