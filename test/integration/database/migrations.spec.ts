import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { CanonicalTimeZones1764500700000 } from '../../../migrations/1764500700000-CanonicalTimeZones';
import { dataSourceOptions } from '../../../src/schema/data-source-options';
import { additiveChanges } from '../../../src/schema/schema-diff';
import { createTestDatabase } from '../../support/test-app';

describe('migrations', () => {
  it('lists every file of migrations/ in migrations/index.ts, in order', () => {
    const files = readdirSync(join(__dirname, '../../../migrations'))
      .filter((f) => /^\d+-.+\.ts$/.test(f))
      .sort();
    const names = MIGRATIONS.map((m) => m.name.replace(/^(\D+)(\d+)$/, '$2-$1'));
    expect(names).toEqual(files.map((f) => f.replace(/\.ts$/, '')));
  });

  it('apply up, then all the way down, then up again', async () => {
    const db = await createTestDatabase(); // cloned from the migrated template: starts fully up
    const ds = new DataSource(dataSourceOptions(db.url));
    await ds.initialize();
    try {
      const tables = async () =>
        (
          await ds.query(
            `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
          )
        )[0].n;
      expect(await ds.showMigrations()).toBe(false);
      const upTables = await tables();
      expect(upTables).toBeGreaterThan(5);
      for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      expect(await tables()).toBe(0);
      expect((await ds.query(`SELECT count(*)::int AS n FROM migrations`))[0].n).toBe(0);
      await ds.runMigrations({ transaction: 'each' });
      expect(await tables()).toBe(upTables);
      expect(await ds.showMigrations()).toBe(false);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });

  it('rename the time zones stored as typed to their canonical names (CanonicalTimeZones)', async () => {
    const db = await createTestDatabase();
    const ds = new DataSource(dataSourceOptions(db.url));
    await ds.initialize();
    try {
      const [typed, utc, known] = await ds.query(
        `INSERT INTO organizations (kind, name, time_zone) VALUES
           ('court', 'Typed', 'asia/shanghai'), ('court', 'Etc', 'Etc/UTC'), ('court', 'Known', 'Europe/London')
         RETURNING id`,
      );
      const runner = ds.createQueryRunner();
      try {
        await new CanonicalTimeZones1764500700000().up(runner);
      } finally {
        await runner.release();
      }
      const zones = await ds.query(`SELECT id, time_zone FROM organizations WHERE id = ANY($1) ORDER BY name`, [
        [typed.id, utc.id, known.id],
      ]);
      expect(zones.map((z: { time_zone: string }) => z.time_zone)).toEqual(['UTC', 'Europe/London', 'Asia/Shanghai']);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});

describe('entities', () => {
  it('match the schema the migrations build (no table, column or type missing on either side)', async () => {
    const db = await createTestDatabase();
    const ds = new DataSource(dataSourceOptions(db.url));
    await ds.initialize();
    try {
      const sql = await ds.driver.createSchemaBuilder().log();
      const { up } = additiveChanges(
        sql.upQueries.map((q) => q.query),
        sql.downQueries.map((q) => q.query),
      );
      expect(up).toEqual([]);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});
