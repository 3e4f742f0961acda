import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { runPendingMigrations } from '../src/database/migrate';

export const BENCH_ADMIN = { email: 'admin@bench.local', password: 'bench-admin-password' };

/**
 * A fresh, migrated database for one benchmark run: a new database on DATABASE_URL's server when set,
 * otherwise a throwaway embedded PostgreSQL. `close()` removes it.
 */
export async function benchDatabase(): Promise<{ url: string; close(): Promise<void> }> {
  let serverUrl = process.env.DATABASE_URL;
  let stopServer: (() => Promise<void>) | undefined;
  if (!serverUrl) {
    const server = await startEmbeddedPostgres({
      port: 20000 + Math.floor(Math.random() * 20000),
      persistent: false,
    });
    serverUrl = server.url;
    stopServer = () => server.stop();
  }
  const name = `rh_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  await runPendingMigrations(ds);
  await ds.destroy();
  return {
    url,
    close: async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
      await stopServer?.();
    },
  };
}

/** The real application on a random local port, logging nothing, with an admin token. */
export async function benchApp(
  databaseUrl: string,
): Promise<{ app: NestFastifyApplication; baseUrl: string; adminToken: string }> {
  const config = {
    ...loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ADMIN_EMAIL: BENCH_ADMIN.email,
      ADMIN_PASSWORD: BENCH_ADMIN.password,
    }),
    databaseUrl,
  };
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_ADMIN),
  });
  const body = (await res.json()) as { accessToken: string };
  return { app, baseUrl, adminToken: body.accessToken };
}

/** p-th percentile (0..100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}
