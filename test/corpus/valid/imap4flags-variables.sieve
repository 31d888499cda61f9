require ["imap4flags", "variables"];
setflag "flags" "\\Flagged";
addflag "flags" ["$Important", "$Work"];
removeflag "flags" "$Work";
if hasflag :contains "flags" "Important" { keep :flags "${flags}"; }
