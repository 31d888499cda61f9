if header :is ["subject"] ["one"] { keep; }
