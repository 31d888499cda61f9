require "vacation";
vacation :interval 3 "Away";
