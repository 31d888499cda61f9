require "fileinto";
fileinto "x"; # trailing comment without newline at end