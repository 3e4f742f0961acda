import 'reflect-metadata';
import type { Logger } from 'pino';
import { createApp } from './app.factory';
import { createLogger } from './common/logging/logger';
import { type AppConfig, ConfigError, loadConfig } from './config/app-config';
import { connectDatabase } from './platform/database/connect';
import { EmbeddedPostgresError } from './platform/database/embedded-postgres';

async function main(config: AppConfig, log: Logger): Promise<void> {
  const db = await connectDatabase(config);
  if (db.embedded) {
    const { dataDir, notes } = db.embedded;
    log.info(
      `Using the embedded PostgreSQL in ${dataDir} (DATABASE_URL is not set)${notes.map((n) => `; ${n}`).join('')}`,
    );
  }
  let app;
  try {
    app = await createApp({ ...config, databaseUrl: db.url });
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onClose', async () => db.close());
    await app.listen(config.port, config.host);
  } catch (err) {
    await app?.close().catch(() => undefined);
    await db.close();
    throw err;
  }
  log.info(`Remote Hearings listening on http://${config.host}:${config.port} (OpenAPI at /docs)`);
}

let config: AppConfig;
try {
  config = loadConfig(process.env);
} catch (err) {
  // Before the logger exists: plain stderr, then exit.
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
const log = createLogger(config.logLevel);
main(config, log).catch((err: unknown) => {
  // A failure the user can fix (the embedded PostgreSQL, a taken port) is one line naming the cause and the fix.
  if (err instanceof EmbeddedPostgresError) log.fatal(err.message);
  else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    log.fatal(`Port ${config.port} on ${config.host} is in use by another program: set PORT to a free port.`);
  } else console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
