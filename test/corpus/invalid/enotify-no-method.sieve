require "enotify";
notify :message "hello";
