import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client, type Pool, type PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/schema/data-source-options';
import { startEmbeddedPostgres } from '../src/platform/database/embedded-postgres';
import { normalizeEmail } from '../src/modules/users/email-address';
import { runPendingMigrations } from '../src/platform/database/migrate';

/**
 * Plain-SQL inserts for a benchmark's set-up, each returning the new row's id: `one(sql, params)`, an organization
 * in `zone`, a user (with the normalized e-mail the service would store; no password to log in with).
 */
export function benchRows(sql: Pool, zone: string) {
  const one = async (text: string, params: unknown[]) => (await sql.query(text, params)).rows[0].id as string;
  const org = (kind: string, name: string) =>
    one(`INSERT INTO organizations (kind, name, time_zone) VALUES ($1, $2, $3) RETURNING id`, [kind, name, zone]);
  const user = (role: string, orgId: string, name: string) => {
    const email = `${name.replace(/ /g, '.')}@bench.local`;
    return one(
      `INSERT INTO users (email, email_normalized, name, role, organization_id, password_hash)
       VALUES ($1, $2, $3, $4, $5, 'x') RETURNING id`,
      [email, normalizeEmail(email), name, role, orgId],
    );
  };
  return { one, org, user };
}

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

/**
 * The real application in a child process of its own (bench/server.ts) on a random local port, logging nothing,
 * with an admin token. The benchmark's own process only generates load, so the service is not billed for it.
 */
export async function benchApp(databaseUrl: string): Promise<{
  baseUrl: string;
  adminToken: string;
  login(email: string, password: string): Promise<string>;
  close(): Promise<void>;
}> {
  // BENCH_CPU_PROF=<folder> writes a V8 CPU profile of the service (open it in Chrome's DevTools) when it stops.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(
    process.execPath,
    [...profile, join(__dirname, '..', 'scripts', 'ts-run.js'), join(__dirname, 'server.ts')],
    {
      env: { ...process.env, BENCH_DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolvePort, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolvePort((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code} before listening`)));
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const login = async (email: string, password: string): Promise<string> => {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`bench login failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  return {
    baseUrl,
    adminToken: await login(BENCH_ADMIN.email, BENCH_ADMIN.password),
    login,
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** p-th percentile (0..100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

/** A raw baseline's transaction on a client of `pool`: BEGIN, the work, COMMIT; ROLLBACK and rethrow on error. */
export async function rawTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}
