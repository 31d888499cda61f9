require "variables";
set :encodeurl "s" "a b";
