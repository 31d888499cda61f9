require "vacation";
vacation :subject ["a", "b"] "Away";
