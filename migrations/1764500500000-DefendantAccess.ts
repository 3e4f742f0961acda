import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How a court or procuratorate legitimately reaches a detainee that a detention center registered: an exact look-up
 * by full identity number (POST /defendants/lookup) grants the caller's organization sight of that defendant, one
 * row here. defendantVisibilityCondition reads it; nothing else grants it.
 */
export class DefendantAccess1764500500000 implements MigrationInterface {
  name = 'DefendantAccess1764500500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE defendant_access (
        organization_id uuid NOT NULL REFERENCES organizations (id),
        defendant_id uuid NOT NULL REFERENCES defendants (id),
        granted_by uuid NOT NULL REFERENCES users (id),
        granted_at timestamptz NOT NULL DEFAULT now(),
        -- One grant per organization and defendant: a second look-up changes nothing.
        PRIMARY KEY (organization_id, defendant_id)
      )`);
    // Visibility asks "which organizations may see this defendant".
    await q.query(`CREATE INDEX defendant_access_defendant_idx ON defendant_access (defendant_id)`);
    // The look-up matches the whole number, letters in any case (a final check letter X or x), never a part of it.
    await q.query(`
      CREATE INDEX defendants_id_number_idx ON defendants (upper(id_number)) WHERE id_number IS NOT NULL`);
    // The look-up limit counts one caller's misses of the last hour.
    await q.query(`
      CREATE INDEX audit_log_lookup_miss_idx ON audit_log (actor_id, occurred_at) WHERE action = 'lookup_miss'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_log_lookup_miss_idx`);
    await q.query(`DROP INDEX defendants_id_number_idx`);
    await q.query(`DROP TABLE defendant_access`);
  }
}
