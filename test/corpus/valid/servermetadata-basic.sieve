require "servermetadata";
if servermetadata :contains "/shared/admin" "postmaster" { keep; }
if servermetadataexists ["/shared/comment"] { keep; }
