import 'reflect-metadata';
import { createApp } from './app.factory';
import { createLogger } from './common/logging/logger';
import { ConfigError, loadConfig } from './config/app-config';
import { connectDatabase } from './database/connect';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel);
  const db = await connectDatabase(config);
  if (db.embedded) log.info(`Using the embedded PostgreSQL in ${config.embeddedPgDir} (DATABASE_URL is not set)`);
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

main().catch((err: unknown) => {
  // Before the logger exists (bad configuration) or after start-up failed: plain stderr, then exit.
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
