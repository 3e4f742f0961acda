import { AppConfig } from '../../config/app-config';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface DatabaseConnection {
  url: string;
  /** The embedded server's data folder and what its start had to do differently (for the start log). */
  embedded?: { dataDir: string; notes: string[] };
  close(): Promise<void>;
}

/** DATABASE_URL when set; otherwise a real PostgreSQL started from the embedded-postgres package. */
export async function connectDatabase(config: AppConfig): Promise<DatabaseConnection> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, close: async () => undefined };
  }
  const server = await startEmbeddedPostgres({
    dataDir: config.embeddedPgDir,
    port: config.embeddedPgPort,
    persistent: true,
    database: 'remote_hearings',
    relocatable: config.embeddedPgDirIsDefault,
  });
  return { url: server.url, embedded: { dataDir: server.dataDir, notes: server.notes }, close: () => server.stop() };
}
