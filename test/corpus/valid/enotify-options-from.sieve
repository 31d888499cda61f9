require "enotify";
notify :from "alerts@example.com" :options ["x=y"] "mailto:ops@example.com";
