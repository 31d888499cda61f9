require "vacation";
vacation "I'm out.";
