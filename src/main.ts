import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { connectDatabase } from './database/connect';
import { createApp } from './app.factory';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const db = await connectDatabase(config);
  if (db.embedded)
    console.log(JSON.stringify({ level: 30, msg: `Using the embedded PostgreSQL in ${config.embeddedPgDir}` }));
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
  console.log(
    JSON.stringify({
      level: 30,
      msg: `Remote Hearings listening on http://${config.host}:${config.port} (OpenAPI at /docs)`,
    }),
  );
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
