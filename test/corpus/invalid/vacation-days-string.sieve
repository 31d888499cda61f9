require "vacation";
vacation :days "7" "Away";
