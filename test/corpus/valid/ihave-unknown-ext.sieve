require "ihave";
if ihave "x-frobnicate" { frobnicate; }
