import { AppConfig } from '../config/app-config';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface DatabaseConnection {
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/** DATABASE_URL when set; otherwise a real PostgreSQL started from the embedded-postgres package. */
export async function connectDatabase(config: AppConfig): Promise<DatabaseConnection> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, close: async () => undefined };
  }
  const server = await startEmbeddedPostgres({
    dataDir: config.embeddedPgDir,
    port: config.embeddedPgPort,
    persistent: true,
    database: 'remote_hearings',
  });
  return { url: server.url, embedded: true, close: () => server.stop() };
}
