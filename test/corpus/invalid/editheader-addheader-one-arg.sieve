require "editheader";
addheader "X-Only-Name";
