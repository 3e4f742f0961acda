import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client, Pool } from 'pg';
import { createApp } from '../../src/app.factory';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { databaseUrl } from './database-url';
import { Factory } from './factories';
import { HttpClient } from './http-client';

export const TEST_ADMIN_EMAIL = 'admin@test.local';
export const TEST_ADMIN_PASSWORD = 'test-admin-password';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig & { databaseUrl: string };
  http: HttpClient;
  /** Direct SQL on this file's database, for assertions and set-up that the API does not offer. */
  sql: Pool;
  factory: Factory;
  adminToken: string;
  adminId: string;
  dbName: string;
  close(): Promise<void>;
}

/** A fresh database cloned from the migrated template. Each test file calls this once. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_PG_SERVER_URL!;
  const template = process.env.TEST_PG_TEMPLATE!;
  const name = `rh_t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        break;
      } catch (err) {
        // Two files cloning the same template at the same instant can collide; try again.
        if (attempt >= 10 || !/being accessed by other users/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return {
    url: databaseUrl(serverUrl, name),
    name,
    drop: async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      // Wait for this file's connections to go away on their own; FORCE only as a last resort, since
      // terminating a connection whose pool is still closing makes that pool raise an error.
      for (let attempt = 0; ; attempt++) {
        try {
          await c.query(
            attempt < 50 ? `DROP DATABASE IF EXISTS "${name}"` : `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`,
          );
          break;
        } catch (err) {
          if (attempt >= 50 || !/being accessed by other users/.test(String(err))) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      await c.end();
    },
  };
}

/** Boots the real application over real HTTP on a random port, against its own database. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = {
    ...loadConfig({
      NODE_ENV: 'test',
      ADMIN_EMAIL: TEST_ADMIN_EMAIL,
      ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      ...env,
    }),
    databaseUrl: db.url,
  };
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const http = new HttpClient(`http://127.0.0.1:${address.port}`);
  const sql = new Pool({ connectionString: db.url, max: 4 });
  // pool.end() can resolve before its sockets are gone; DROP DATABASE ... WITH (FORCE) then terminates them
  // (57P01), which must not crash the test file.
  sql.on('error', () => undefined);
  const login = await http.post('/auth/login', { email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD });
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${login.text}`);
  const factory = new Factory(app, sql);
  return {
    app,
    config,
    http,
    sql,
    factory,
    dbName: db.name,
    adminToken: login.body.accessToken,
    adminId: login.body.user.id,
    close: async () => {
      await app.close();
      await sql.end();
      await db.drop();
    },
  };
}
