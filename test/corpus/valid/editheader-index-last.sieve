require ["editheader", "index"];
deleteheader :index 1 :last "Received";
