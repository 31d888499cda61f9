require "variables";
# ${0} and ${10} are match variables; ${x.y} in an unknown namespace stays literal at runtime.
set "a" "${0}${10}";
