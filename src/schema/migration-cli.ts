/* Migration commands: run, revert, show, generate <Name>. Uses DATABASE_URL, or the embedded server. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { connectDatabase } from '../platform/database/connect';
import { runPendingMigrations } from '../platform/database/migrate';
import { additiveChanges } from './schema-diff';

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const config = loadConfig(process.env);
  const db = await connectDatabase(config);
  const ds = new DataSource(dataSourceOptions(db.url));
  await ds.initialize();
  try {
    switch (command) {
      case 'run': {
        const applied = await runPendingMigrations(ds);
        console.log(applied.length ? applied.map((m) => `applied ${m.name}`).join('\n') : 'no pending migrations');
        break;
      }
      case 'revert':
        await ds.undoLastMigration({ transaction: 'each' });
        console.log('reverted the last migration');
        break;
      case 'show': {
        const pending = await ds.showMigrations();
        console.log(pending ? 'there are pending migrations' : 'all migrations are applied');
        process.exitCode = pending ? 1 : 0;
        break;
      }
      case 'generate': {
        if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('usage: generate <PascalCaseName>');
        const sql = await ds.driver.createSchemaBuilder().log();
        const { up, down, skipped } = additiveChanges(
          sql.upQueries.map((u) => u.query),
          sql.downQueries.map((d) => d.query),
        );
        if (up.length === 0) {
          console.log(`entities and schema agree (${skipped} statements about hand-written constraints ignored)`);
          break;
        }
        const ts = Date.now();
        const file = join(process.cwd(), 'migrations', `${ts}-${name}.ts`);
        const lines = (qs: string[]) => qs.map((q) => `    await q.query(${JSON.stringify(q)});`).join('\n');
        writeFileSync(
          file,
          `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${ts} implements MigrationInterface {\n` +
            `  name = '${name}${ts}';\n\n  async up(q: QueryRunner): Promise<void> {\n${lines(up)}\n  }\n\n` +
            `  async down(q: QueryRunner): Promise<void> {\n${lines(down.reverse())}\n  }\n}\n`,
        );
        console.log(
          `wrote ${file}: review it, add constraints and indexes by hand, then list it in migrations/index.ts`,
        );
        break;
      }
      default:
        throw new Error('usage: migration-cli run | revert | show | generate <Name>');
    }
  } finally {
    await ds.destroy();
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
