redirect :copy "helpdesk@example.com";
