/*
 * The service for a benchmark, in a process of its own (as in production), so that the load generator's event
 * loop is not billed to it: `node scripts/ts-run.js bench/server.ts` with BENCH_DATABASE_URL set. Prints one line
 * `{"port":N}` once it listens on 127.0.0.1, and closes on SIGTERM.
 */
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { BENCH_ADMIN } from './support';

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  if (!databaseUrl) throw new Error('BENCH_DATABASE_URL is not set');
  const config = {
    ...loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ADMIN_EMAIL: BENCH_ADMIN.email,
      ADMIN_PASSWORD: BENCH_ADMIN.password,
      HOUSEKEEPING_INTERVAL_SECONDS: '0',
    }),
    databaseUrl,
  };
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as { port: number }).port;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  process.once('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
