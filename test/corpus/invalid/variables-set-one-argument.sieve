require "variables";
set "x";
