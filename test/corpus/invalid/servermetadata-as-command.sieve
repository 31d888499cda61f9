require "servermetadata";
servermetadata "/shared/x" "y";
