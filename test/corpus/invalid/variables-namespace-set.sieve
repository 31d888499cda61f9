require "variables";
set "env.name" "x";
