fileinto "Archive";
