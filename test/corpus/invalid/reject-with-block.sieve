require "reject";
reject "no" { stop; }
