require "fileinto";
fileinto :flags "\\Seen" "Read";
