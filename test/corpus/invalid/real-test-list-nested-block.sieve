if anyof (true, { keep; }) { keep; }
