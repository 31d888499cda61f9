redirect "not an address at all";
