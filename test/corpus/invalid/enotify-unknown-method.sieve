require "enotify";
notify "snailmail:jdoe";
