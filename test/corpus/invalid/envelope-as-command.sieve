require "envelope";
envelope :is "from" "x";
