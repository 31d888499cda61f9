# RFC 5293 §4 refers to RFC 5322 field-name = 1*ftext: an empty name is not a field name.
require ["editheader"];
addheader "" "value";
