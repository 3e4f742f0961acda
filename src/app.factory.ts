import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import {
  type FastifyError,
  type FastifyReply,
  type FastifyRequest,
  LogController,
  type RawServerDefault,
} from 'fastify';
import type { DestinationStream } from 'pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { sendProblem } from './common/errors/problem-details.filter';
import { assertJsonDepth, jsonBodyText } from './common/http/json-body';
import { createValidationPipe } from './common/http/validation.pipe';
import { createLogger, NestPinoLogger } from './common/logging/logger';
import { buildOpenApiDocument } from './common/openapi/document';
import type { AppConfig } from './config/app-config';
import { drainDatabase } from './platform/database/drain';
import { runPendingMigrations } from './platform/database/migrate';
import { UsersService } from './modules/users/users.service';

export const API_PREFIX = 'api/v1';
export const BODY_LIMIT_BYTES = 100 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function setGlobalPrefix(app: NestFastifyApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/ready'] });
}

/**
 * The OpenAPI document that createApp serves at /docs-json, built without a database: Nest's preview mode reads
 * the modules and their decorators without creating a provider (`npm run lint:openapi`).
 */
export async function openApiDocumentWithoutDatabase(config: AppConfig): Promise<Record<string, unknown>> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ ...config, databaseUrl: 'postgres://unused@127.0.0.1:1/unused' }),
    new FastifyAdapter(),
    { preview: true, logger: false },
  );
  setGlobalPrefix(app);
  try {
    return buildOpenApiDocument(app) as unknown as Record<string, unknown>;
  } finally {
    await app.close();
  }
}

/**
 * Builds the HTTP application: Fastify (chosen by measurement, see bench/README.md), problem+json
 * errors, request ids, validation, OpenAPI at /docs. Shared by main.ts, the tests and the benchmarks.
 */
export async function createApp(
  config: AppConfig & { databaseUrl: string },
  options: { migrate?: boolean; logDestination?: DestinationStream } = {},
): Promise<NestFastifyApplication> {
  const logger = createLogger(config.logLevel, options.logDestination);
  const trustProxy = config.trustProxy;
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // Our own onResponse line replaces Fastify's: it logs the path without the query string.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    bodyLimit: BODY_LIMIT_BYTES,
    // A hop count as a function: Fastify 5 reads a bare number as "trust nothing". Hop 0 is the socket's peer.
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Errors the router raises before any route runs (a path segment over 100 characters, a malformed
    // percent-encoding) would otherwise be answered by Fastify in its own JSON shape.
    frameworkErrors: (error: FastifyError, req: FastifyRequest, reply: FastifyReply) =>
      sendProblem(reply, req, error, logger),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new NestPinoLogger(logger),
    rawBody: true,
  });

  const fastify = app.getHttpAdapter().getInstance();
  // JSON bodies: UTF-8 only, and nested at most MAX_JSON_DEPTH levels, checked before parsing (so before any guard:
  // signed in or not); then Fastify's own parser, which refuses __proto__ and constructor keys.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit: BODY_LIMIT_BYTES }, (req, body, done) => {
    const text = jsonBodyText(body, req.headers['content-type']);
    assertJsonDepth(text);
    void parseJson(req, text, done);
  });
  // LiveKit's webhooks are verified on their exact bytes: kept as a Buffer, never parsed and re-serialized.
  fastify.addContentTypeParser(
    'application/webhook+json',
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES },
    (_req: FastifyRequest, body: Buffer, done: (err: Error | null, body?: Buffer) => void) => done(null, body),
  );
  fastify.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
    // Answers carry personal data (names, id numbers, who attends which hearing): no cache may keep any of them.
    void reply.header('cache-control', 'no-store');
  });
  // Closing: the HTTP server closes before the database (Nest's order); this waits in between for the requests still
  // running, whose clients may have hung up, so that the pool is not closed under them (src/platform/database/drain.ts).
  fastify.addHook('onClose', async () => drainDatabase(app.get(DataSource)));
  fastify.addHook('onResponse', async (req, reply) => {
    req.log.info(
      {
        method: req.method,
        path: req.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  setGlobalPrefix(app);
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });

  const dataSource = app.get(DataSource);
  if (options.migrate ?? true) await runPendingMigrations(dataSource);
  // Never write to a schema older than the code (migrations pending and not applied by this start): the start
  // that applies them creates the bootstrap admin.
  if (!(await dataSource.showMigrations())) await app.get(UsersService).ensureBootstrapAdmin();
  return app;
}
