require "include";
include;
