/*
 * Runs in a child process (node scripts/ts-run.js test/support/embedded-probe.ts <dataDir> <port> <hold|read>),
 * so that two processes can compete for one data folder.
 *   hold: start, write a row, print "ready <url>", keep running until stdin closes, then stop.
 *   read: start, print the row and the server's encoding, stop.
 * A start refused because another process holds the folder prints "locked".
 */
import { Client } from 'pg';
import { DataDirLockedError, startEmbeddedPostgres } from '../../src/platform/database/embedded-postgres';

async function main(): Promise<void> {
  const [dataDir, port, action] = process.argv.slice(2);
  let server;
  try {
    server = await startEmbeddedPostgres({ dataDir, port: Number(port), persistent: true, database: 'rh' });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.log('locked');
      return;
    }
    throw err;
  }
  const c = new Client({ connectionString: server.url });
  await c.connect();
  if (action === 'hold') {
    await c.query(`CREATE EXTENSION IF NOT EXISTS btree_gist; CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)`);
    await c.end();
    console.log(`ready ${server.url}`);
    process.stdin.resume();
    await new Promise((r) => process.stdin.on('end', r));
  } else {
    const { rows } = await c.query(`SELECT n, current_setting('server_encoding') AS encoding FROM kept`);
    console.log(`value ${rows[0].n} ${rows[0].encoding}`);
    await c.end();
  }
  await server.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
