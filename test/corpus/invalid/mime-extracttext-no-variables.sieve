require ["foreverypart", "extracttext"];
foreverypart { extracttext "x"; }
