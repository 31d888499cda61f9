require ["fileinto", "envelope";
keep;
