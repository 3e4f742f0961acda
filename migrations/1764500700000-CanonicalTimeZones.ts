import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Time zones as the service now stores them: the canonical spelling of the runtime's time-zone database
 * (`asia/shanghai` → `Asia/Shanghai`, `Etc/UTC` → `UTC`). Organizations and hearings stored a zone as it was typed;
 * luxon read both spellings alike, so only the spelling changes, never an instant. The rule is kept here, not
 * imported, so that this migration stays as it was when it ran (src/common/time/local-time.ts canonicalTimeZone).
 */
const UTC_ALIASES = /^(etc\/)?(utc|uct|gmt|gmt0|gmt[+-]0|universal|zulu|greenwich)$/i;

function canonical(zone: string): string | undefined {
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    return UTC_ALIASES.test(resolved) ? 'UTC' : resolved;
  } catch {
    return undefined; // not a zone the runtime knows: left as it is
  }
}

export class CanonicalTimeZones1764500700000 implements MigrationInterface {
  name = 'CanonicalTimeZones1764500700000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['organizations', 'hearings']) {
      const rows: { zone: string }[] = await q.query(`SELECT DISTINCT time_zone AS zone FROM ${table}`);
      for (const { zone } of rows) {
        const name = canonical(zone);
        if (name !== undefined && name !== zone) {
          await q.query(`UPDATE ${table} SET time_zone = $1 WHERE time_zone = $2`, [name, zone]);
        }
      }
    }
  }

  async down(): Promise<void> {
    // The spellings as typed are not kept, and nothing needs them: every spelling names the same zone.
  }
}
