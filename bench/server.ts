/*
 * The service for a benchmark, in a process of its own (as in production), so that the load generator's event
 * loop is not billed to it: `node scripts/ts-run.js bench/server.ts` with BENCH_DATABASE_URL set. Prints one line
 * `{"port":N}` once it listens on 127.0.0.1, and closes on SIGTERM.
 */
import { Socket } from 'node:net';
import { Client } from 'pg';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { BENCH_ADMIN } from './support';

/**
 * BENCH_LOG_SQL=1: every statement the service sends is written to stderr (its first line, shortened), as
 * `sql: ...`, and every socket write to the database as `write`, so that a bench can count the statements and
 * the round trips of one request (booking.ts with BENCH_STATEMENTS=1).
 */
function logStatements(databasePort: number): void {
  const socket = Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
  for (const method of ['_write', '_writev'] as const) {
    const write = socket[method];
    socket[method] = function (this: Socket, ...args: unknown[]) {
      if (this.remotePort === databasePort) process.stderr.write('write\n');
      return write.apply(this, args);
    };
  }
  const query = Client.prototype.query as (...args: unknown[]) => unknown;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const text = typeof first === 'string' ? first : (first?.text ?? '?');
    process.stderr.write(`sql: ${text.replace(/\s+/g, ' ').trim().slice(0, 110)}\n`);
    return query.apply(this, args);
  } as typeof Client.prototype.query;
}

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  if (!databaseUrl) throw new Error('BENCH_DATABASE_URL is not set');
  if (process.env.BENCH_LOG_SQL === '1') logStatements(Number(new URL(databaseUrl).port || 5432));
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
