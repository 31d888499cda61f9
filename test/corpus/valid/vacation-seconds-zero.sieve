require "vacation-seconds";
vacation :seconds 0 "Replying to every message.";
