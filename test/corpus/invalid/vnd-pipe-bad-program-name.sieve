require "vnd.dovecot.pipe";
pipe "../bin/evil";
