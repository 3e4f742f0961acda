import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A frozen copy of src/modules/users/email-address.ts as it was when this migration was written: a later change of
 * that function must not change what this migration did.
 */
function normalizeEmail(email: string): string {
  return email.trim().normalize('NFKC').toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFC');
}

/**
 * Two account rules for logins and tokens.
 *
 * 1. `users.email_normalized`: the one normalization of an address (see normalizeEmail), computed by the service,
 *    unique here. It replaces the unique index on PostgreSQL's lower(email), whose lower-casing depends on the
 *    collation and differs from JavaScript's for `İ` (U+0130). Existing rows are backfilled.
 * 2. `users.token_version`: a bearer token carries the version it was issued at and is refused once it differs.
 *    The trigger bumps it in the same statement as a change of `active`, `role`, `organization_id` or
 *    `password_hash`, whoever makes the change (the API or plain SQL), so a token issued before a deactivation,
 *    a role, organization or password change never works again, even after a reactivation. A counter, not a time,
 *    so that a token issued in the same second as the change is still refused and one issued just after works.
 */
export class NormalizedEmailTokenVersion1764500800000 implements MigrationInterface {
  name = 'NormalizedEmailTokenVersion1764500800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN email_normalized text`);
    const rows: { id: string; email: string }[] = await q.query(`SELECT id, email FROM users`);
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const { id, email } of rows) {
      const normalized = normalizeEmail(email);
      const other = seen.get(normalized);
      if (other) clashes.push(`${other} and ${id}`);
      seen.set(normalized, id);
      await q.query(`UPDATE users SET email_normalized = $2 WHERE id = $1`, [id, normalized]);
    }
    if (clashes.length > 0) {
      // Ids only: the addresses are personal data and this message ends up in logs.
      throw new Error(
        `users with e-mail addresses that are one address once normalized: ${clashes.join('; ')}. ` +
          'Change one of each pair, then run the migration again.',
      );
    }
    await q.query(`ALTER TABLE users ALTER COLUMN email_normalized SET NOT NULL`);
    await q.query(`DROP INDEX users_email_unique`);
    // Same name as before: the service maps this constraint to 409 EMAIL_TAKEN.
    await q.query(`CREATE UNIQUE INDEX users_email_unique ON users (email_normalized)`);

    await q.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE FUNCTION users_bump_token_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.active IS DISTINCT FROM OLD.active
           OR NEW.role IS DISTINCT FROM OLD.role
           OR NEW.organization_id IS DISTINCT FROM OLD.organization_id
           OR NEW.password_hash IS DISTINCT FROM OLD.password_hash THEN
          NEW.token_version := OLD.token_version + 1;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER users_bump_token_version BEFORE UPDATE ON users
        FOR EACH ROW EXECUTE FUNCTION users_bump_token_version()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER users_bump_token_version ON users`);
    await q.query(`DROP FUNCTION users_bump_token_version()`);
    await q.query(`ALTER TABLE users DROP COLUMN token_version`);
    await q.query(`DROP INDEX users_email_unique`);
    await q.query(`CREATE UNIQUE INDEX users_email_unique ON users (lower(email))`);
    await q.query(`ALTER TABLE users DROP COLUMN email_normalized`);
  }
}
