require ["foreverypart", "extracttext", "variables"];
extracttext "x";
