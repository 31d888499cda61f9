# Header rules plus body and MIME tests: what a personal script with content rules does.
require ["fileinto", "envelope", "subaddress", "variables", "relational",
         "comparator-i;ascii-numeric", "imap4flags", "body", "mime", "foreverypart", "mailbox"];

if allof (not header :matches "X-Spam-Score" "-*",
          header :value "ge" :comparator "i;ascii-numeric" "X-Spam-Score" "5") {
  fileinto :create "Junk";
  stop;
}
if body :text :contains ["Click here", "verify your account", "You have won"] {
  addflag "$Junk";
  fileinto :create "Junk";
  stop;
}
if anyof (envelope :is "from" "",
          header :mime :type "Content-Type" "multipart/report") {
  if body :text :contains "User unknown" {
    fileinto :create "Bounces/unknown-user";
  } else {
    fileinto :create "Bounces";
  }
  stop;
}
if header :matches "List-Id" "*<*>*" {
  set :lower "list" "${2}";
  if body :text :contains ["PATCH", "patch"] {
    addflag "Patch";
  }
  fileinto :create "Lists/${list}";
  stop;
}
if envelope :detail :matches "to" "?*" {
  set :lower "detail" "${1}${2}";
  fileinto :create "Plus/${detail}";
  stop;
}
if header :mime :anychild :type "Content-Type" "application" {
  if header :mime :anychild :subtype "Content-Type" "pdf" {
    addflag "\\Flagged";
    fileinto :create "Attachments/pdf";
    stop;
  }
  if header :mime :anychild :param "filename" :matches "Content-Disposition" "*.zip" {
    fileinto :create "Attachments/archives";
    stop;
  }
  fileinto :create "Attachments";
  stop;
}
if header :mime :anychild :type "Content-Type" "image" {
  addflag "Photo";
  fileinto :create "Attachments/images";
  stop;
}
if header :mime :anychild :subtype "Content-Type" "html" {
  if body :text :contains ["unsubscribe", "Unsubscribe"] {
    fileinto :create "Newsletters";
    stop;
  }
}
if body :text :contains ["invoice", "budget", "Rechnung"] {
  addflag "\\Flagged";
  fileinto :create "Finance";
  stop;
}
if body :text :matches "*meeting*schedule*" {
  addflag "Meeting";
}
if header :matches "Subject" ["Re: *", "AW: *"] {
  addflag "Reply";
}
keep;
