frobnicate "mail";
