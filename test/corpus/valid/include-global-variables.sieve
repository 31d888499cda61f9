require ["include", "variables"];
global "spam_folder";
set "spam_folder" "Junk";
include :personal "fileinto-lists";
