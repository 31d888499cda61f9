require "variables";
set :lower :lower "x" "Y";
