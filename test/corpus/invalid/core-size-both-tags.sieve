if size :over 1K :under 2K { keep; }
