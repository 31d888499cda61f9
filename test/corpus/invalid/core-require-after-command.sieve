keep;
require "fileinto";
fileinto "Later";
