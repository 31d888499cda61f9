require "include";
include :personal "fileinto-spam-header";
include "vacation-minimal";
