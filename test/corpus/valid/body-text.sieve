require ["body", "fileinto"];
if body :text :contains ["unsubscribe", "opt-out"] {
    fileinto "Newsletters";
}
