redirect ["a@example.com", "b@example.com"];
