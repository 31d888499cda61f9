require "fileinto";
if header :con tains "subject" "x" { fileinto "y"; }
