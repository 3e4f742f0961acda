import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Pool } from 'pg';
import { AppModule } from '../../src/app.module';
import type { Actor, RequestContext } from '../../src/common/http/request-context';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { createTestDatabase } from './test-app';

export interface TestModule {
  /** The application's Nest module graph, with no HTTP server: for jobs, relays and handlers with no route. */
  module: INestApplicationContext;
  get<T>(type: Type<T>): T;
  config: AppConfig & { databaseUrl: string };
  /** Direct SQL on this file's database, for set-up and assertions. */
  sql: Pool;
  /** A request context for calling a service directly as `actor`, with a fresh request id. */
  contextOf(actor: Actor): RequestContext;
  close(): Promise<void>;
}

/**
 * Builds the whole application module on its own clone of the migrated template database, as createTestApp does,
 * but without Fastify or a port: services, repositories and lifecycle hooks are real, only HTTP is missing.
 */
export async function createTestModule(env: Record<string, string> = {}): Promise<TestModule> {
  const db = await createTestDatabase();
  const config = {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', HOUSEKEEPING_INTERVAL_SECONDS: '0', ...env }),
    databaseUrl: db.url,
  };
  const module = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
  const sql = new Pool({ connectionString: db.url, max: 4 });
  sql.on('error', () => undefined); // see createTestApp: a forced DROP may end idle sockets
  return {
    module,
    get: (type) => module.get(type),
    config,
    sql,
    contextOf: (actor) => ({ actor, requestId: randomUUID(), ip: '127.0.0.1' }),
    close: async () => {
      await module.close();
      await sql.end();
      await db.drop();
    },
  };
}
