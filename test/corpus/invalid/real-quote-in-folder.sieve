require "fileinto";
fileinto "Lists."ietf";
