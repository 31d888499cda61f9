keep;
/* this comment is never closed
discard;
