/**
 * The one normalization of e-mail addresses: the account look-up at login, the unique index
 * (`users.email_normalized`) and the login limit's account key all use it, so that no spelling of an address
 * reaches an account, or its count of failed logins, that another spelling does not.
 *
 * Steps: trim; NFKC (fullwidth letters and ligatures become plain ones); JavaScript's lower-casing, which does
 * not depend on the locale or the database's collation (PostgreSQL's lower() does, and lower-cases `İ` U+0130
 * to `i` where JavaScript gives `i` + U+0307); then every combining mark is dropped (NFKD, strip \p{M}, NFC), so
 * that `i̇`, `é` and `é` written either way fold to the plain letter. Two addresses that differ only by such marks
 * therefore name one account: the second is refused as taken. The address is still stored and shown as typed.
 *
 * migrations/1764500800000-NormalizedEmailTokenVersion.ts backfilled existing rows with a frozen copy of this.
 */
export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFKC').toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFC');
}
