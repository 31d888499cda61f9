require "enotify";
notify :importance "9" "mailto:jdoe@example.com";
