require "extlists";
if valid_ext_list ":addrbook:default" { keep; }
