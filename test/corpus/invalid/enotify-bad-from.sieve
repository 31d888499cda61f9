require "enotify";
notify :from "nobody" "mailto:jdoe@example.com";
