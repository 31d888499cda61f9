require "foreverypart";
break;
