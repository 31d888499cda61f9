set "x" "y";
