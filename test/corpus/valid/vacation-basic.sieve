require "vacation";
vacation :days 7 :subject "Out of office"
    :addresses ["jdoe@example.com", "john.doe@example.com"]
    "I am on holiday until Monday. For urgent matters contact helpdesk@example.com.";
