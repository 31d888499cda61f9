require "editheader";
deleteheader :last "Received";
