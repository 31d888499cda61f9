require ["virustest", "relational", "comparator-i;ascii-numeric"];
if virustest :value "eq" :comparator "i;ascii-numeric" "5" {
    discard;
}
