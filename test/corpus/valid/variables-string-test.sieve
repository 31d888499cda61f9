require ["variables", "relational"];
set "a" "hello";
if string :count "eq" ["${a}", ""] "1" { keep; }
if string :matches "${a}" "h*o" { keep; }
