# :index 0 matches no field; Pigeonhole accepts it at compile time.
require "editheader";
deleteheader :index 0 "Received";
