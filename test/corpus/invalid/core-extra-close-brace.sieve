if true {
    keep;
}
}
