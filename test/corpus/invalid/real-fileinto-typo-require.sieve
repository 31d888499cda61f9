require "filleinto";
fileinto "Junk";
