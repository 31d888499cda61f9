require ["vnd.dovecot.execute", "variables"];
execute :output "result" :input "hello" "classify" ["--fast"];
if string :is "${result}" "spam" { discard; }
