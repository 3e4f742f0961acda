import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/schema/data-source-options';
import { createTestDatabase } from '../../support/test-app';

const MIGRATION = 'NormalizedEmailTokenVersion1764500800000';

describe('the migration to normalized e-mail addresses', () => {
  it('backfills the users that exist when it runs, after a down', async () => {
    const db = await createTestDatabase();
    const ds = new DataSource(dataSourceOptions(db.url));
    await ds.initialize();
    try {
      // Down to just before this migration, whatever came after it.
      for (;;) {
        const [last]: { name: string }[] = await ds.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`);
        await ds.undoLastMigration({ transaction: 'each' });
        if (last.name === MIGRATION) break;
      }
      await ds.query(
        `INSERT INTO users (email, name, role, password_hash) VALUES ('  Adm\u0130n@Test.Local', 'a', 'admin', 'x')`,
      );
      await ds.runMigrations({ transaction: 'each' });
      const rows: { email_normalized: string; token_version: number }[] = await ds.query(
        `SELECT email_normalized, token_version FROM users`,
      );
      expect(rows).toEqual([{ email_normalized: 'admin@test.local', token_version: 0 }]);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});
