require "imap4flags";
hasflag "\\Seen";
