/**
 * `--profile`: the `SIEVE` capability lists real servers advertise over ManageSieve
 * (RFC 5804 §1.7), so a script can be checked against what a given server accepts.
 *
 * @module
 */

/** Known server profiles, by name. */
export const PROFILES: Readonly<Record<string, readonly string[]>> = {
  /**
   * Dovecot 2.3.19.1 / Pigeonhole 0.5.19 (Debian 12, default `sieve_extensions` plus the
   * imapsieve plugin), as recorded in /work/shared/peers/dovecot.txt (the `"SIEVE"` capability line).
   */
  dovecot: split(
    "fileinto reject envelope encoded-character vacation subaddress comparator-i;ascii-numeric relational regex " +
      "imap4flags copy include variables body enotify environment mailbox date index ihave duplicate mime foreverypart " +
      "extracttext vacation-seconds spamtest spamtestplus virustest editheader mboxmetadata servermetadata special-use " +
      "vnd.dovecot.debug vnd.dovecot.environment vnd.dovecot.report imapsieve vnd.dovecot.imapsieve",
  ),
  /** Cyrus timsieved 3.6.1 (Debian 12), as recorded in /work/shared/peers/cyrus.txt. */
  cyrus: split(
    "encoded-character comparator-i;ascii-numeric fileinto reject ereject vacation vacation-seconds notify enotify " +
      "include editheader vnd.cyrus.snooze vnd.cyrus.imip envelope environment body imap4flags date ihave mailbox " +
      "mboxmetadata servermetadata duplicate vnd.cyrus.jmapquery relational regex extlists subaddress copy index " +
      "variables redirect-deliverby redirect-dsn special-use fcc mailboxid",
  ),
  /**
   * Stalwart Mail Server. Not recorded live: Stalwart's ManageSieve `CAPABILITY` response
   * (mail-server `crates/managesieve/src/op/capability.rs`) advertises the JMAP Sieve account
   * capability's `extensions`, which is the Sieve interpreter's `Capability::all()`
   * (stalwartlabs/sieve `src/compiler/grammar/mod.rs`) minus those disabled by
   * `sieve.untrusted.disable-capabilities` (none by default). The list below is that
   * `Capability::all()` rendered with its `Display` names, in its order; it matches the RFC
   * list of https://stalw.art/docs/sieve/overview. Stalwart's own extensions
   * (`vnd.stalwart.*`) are for trusted (admin) scripts only and are not advertised.
   */
  stalwart: split(
    "envelope envelope-dsn envelope-deliverby fileinto encoded-character comparator-elbonia comparator-i;ascii-casemap " +
      "comparator-i;ascii-numeric comparator-i;octet body convert copy relational date index duplicate variables " +
      "editheader foreverypart mime replace enclose extracttext enotify redirect-dsn redirect-deliverby environment " +
      "reject ereject extlists subaddress vacation vacation-seconds fcc mailbox mailboxid mboxmetadata servermetadata " +
      "special-use imap4flags ihave imapsieve include regex spamtest spamtestplus virustest",
  ),
};

function split(list: string): readonly string[] {
  return Object.freeze(list.split(/\s+/).filter((s) => s !== ""));
}
