require "variables";
set "name" "World";
set :upper "loud" "${name}";
set :lower :upperfirst "proper" "jOHN";
set :quotewildcard "safe" "*?";
set :length "len" "${name}";
if string :is "${loud}" "WORLD" { keep; }
