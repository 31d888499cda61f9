pipe "archive-mail";
