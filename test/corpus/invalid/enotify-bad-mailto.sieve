require "enotify";
notify "mailto:not;valid@@example.com";
