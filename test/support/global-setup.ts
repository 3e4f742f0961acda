import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/schema/data-source-options';
import { startEmbeddedPostgres } from '../../src/platform/database/embedded-postgres';
import { runPendingMigrations } from '../../src/platform/database/migrate';
import { databaseUrl } from './database-url';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * One PostgreSQL for the run: DATABASE_URL when set, otherwise a throwaway embedded server.
 * Migrations are applied once to a template database; each test file clones it (test-app.ts).
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    // A throwaway data folder; as root, in a place the unprivileged "postgres" user can reach.
    const server = await startEmbeddedPostgres({
      port: await freePort(),
      persistent: false,
    });
    (globalThis as { __embeddedPg?: typeof server }).__embeddedPg = server;
    serverUrl = server.url;
  }
  const template = `rh_tpl_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();

  const ds = new DataSource(dataSourceOptions(databaseUrl(serverUrl, template)));
  await ds.initialize();
  await runPendingMigrations(ds);
  await ds.destroy();

  process.env.TEST_PG_SERVER_URL = serverUrl;
  process.env.TEST_PG_TEMPLATE = template;
}
