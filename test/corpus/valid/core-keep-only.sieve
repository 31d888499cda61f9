# The smallest useful script: do what would happen anyway.
keep;
