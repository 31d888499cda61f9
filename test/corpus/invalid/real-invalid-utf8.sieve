require "fileinto";
fileinto "CafÃ©ÿş";
