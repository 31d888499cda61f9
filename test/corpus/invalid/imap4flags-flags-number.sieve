require "imap4flags";
keep :flags 1;
