if true {
    require "fileinto";
}
