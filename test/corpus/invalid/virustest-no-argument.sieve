require "virustest";
if virustest { discard; }
