# Global (sieve_before-style) filter: headers and envelope only, no body access.
# About 30 rules: spam score, mailing lists into folders by List-Id, plus-address
# folders, bounces, newsletters, VIP flags.
require ["fileinto", "envelope", "subaddress", "variables", "relational",
         "comparator-i;ascii-numeric", "imap4flags", "mailbox", "regex"];

# --- spam (SpamAssassin X-Spam-Score). i;ascii-numeric reads the leading digits and takes a
# value without any ("-1.3") as positive infinity, so negative scores are skipped first. ---
if not header :matches "X-Spam-Score" "-*" {
  if header :value "ge" :comparator "i;ascii-numeric" "X-Spam-Score" "15" {
    discard;
    stop;
  }
  if header :value "ge" :comparator "i;ascii-numeric" "X-Spam-Score" "5" {
    addflag "$Junk";
    fileinto :create "Junk";
    stop;
  }
  if header :value "ge" :comparator "i;ascii-numeric" "X-Spam-Score" "3" {
    addflag "$MaybeJunk";
  }
}
if header :matches "X-Spam-Status" "Yes,*" {
  addflag "$Junk";
  fileinto :create "Junk";
  stop;
}

# --- delivery reports ---
if anyof (envelope :is "from" "",
          header :contains "Content-Type" "report-type=delivery-status",
          address :localpart :is "from" "MAILER-DAEMON") {
  fileinto :create "Bounces";
  stop;
}

# --- mailing lists: one folder per list, named from List-Id ---
if header :contains "List-Id" "<dovecot.dovecot.org>" {
  fileinto :create "Lists/dovecot";
  stop;
}
if header :contains "List-Id" "<linux-kernel.vger.kernel.org>" {
  addflag "\\Seen";
  fileinto :create "Lists/lkml";
  stop;
}
if header :matches "List-Id" "*<*.lists.debian.org>*" {
  set :lower "list" "${2}";
  fileinto :create "Lists/debian/${list}";
  stop;
}
if header :matches "List-Id" "*<announce.*>*" {
  set "ann" "${2}";
  fileinto :create "Lists/announce/${ann}";
  stop;
}
if header :matches "List-Id" "*<*.lists.acme.io>*" {
  fileinto :create "Work/${2}";
  stop;
}
if header :regex "List-Id" "<([a-z0-9-]+)\\.(python|rust-lang|postfix)\\.org>" {
  set :lower "list" "${1}";
  fileinto :create "Lists/${list}";
  stop;
}
if header :matches "List-Id" "*<*>*" {
  set :lower "other" "${2}";
  fileinto :create "Lists/other/${other}";
  stop;
}
if exists "List-Post" {
  fileinto :create "Lists/unknown";
  stop;
}

# --- plus addresses: alice+DETAIL@example.org ---
if envelope :detail :is "to" "spam" {
  addflag "$Junk";
  fileinto :create "Junk";
  stop;
}
if envelope :detail :is "to" ["bank", "receipts"] {
  addflag "\\Flagged";
  fileinto :create "Finance";
  stop;
}
if envelope :detail :matches "to" "*" {
  if string :is "${1}" "" {
    # plain alice@example.org: fall through
  } else {
    set :lower "detail" "${1}";
    fileinto :create "Plus/${detail}";
  }
}

# --- newsletters and bulk ---
if address :domain :is "from" ["github.com", "shop.example.com", "medium.example"] {
  fileinto :create "Newsletters";
  stop;
}
if allof (exists "List-Unsubscribe", header :is "Precedence" "bulk") {
  if address :matches :domain "from" "*" {
    set :lower "sender" "${1}";
  }
  fileinto :create "Newsletters/${sender}";
  stop;
}
if header :contains "Subject" ["newsletter", "weekly deals", "digest"] {
  fileinto :create "Newsletters";
  stop;
}
if header :is "Auto-Submitted" ["auto-generated", "auto-replied"] {
  fileinto :create "Automated";
  stop;
}

# --- personal ---
if address :is "from" ["anna.muller@posteo.de", "david.rossi@gmail.com", "eva.nguyen@fastmail.com"] {
  addflag "\\Flagged";
  addflag "VIP";
}
if address :domain :is "from" "acme.io" {
  fileinto :create "Work";
  stop;
}
if address :domain :is "from" "uni-hamburg.de" {
  fileinto :create "University";
  stop;
}
if header :matches "Subject" ["Re: *", "AW: *"] {
  addflag "Reply";
}
if header :matches "Subject" "Fwd: *" {
  addflag "Forwarded";
}
if header :contains "Subject" ["invoice", "Rechnung"] {
  addflag "\\Flagged";
  fileinto :create "Finance";
  stop;
}
if not address :is "to" "alice@example.org" {
  if not exists "Cc" {
    addflag "NotToMe";
  }
}
if address :localpart :matches "from" "*.*" {
  set "first" "${1}";
}
keep;
