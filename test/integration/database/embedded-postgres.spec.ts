import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

/** Starts the probe in its own process and resolves with its first line of output. */
function probe(dataDir: string, port: number, action: 'hold' | 'read') {
  const child = spawn(
    process.execPath,
    ['scripts/ts-run.js', 'test/support/embedded-probe.ts', dataDir, String(port), action],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const firstLine = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.on('exit', (code) =>
      out.includes('\n') ? undefined : reject(new Error(`probe exited ${code} without output`)),
    );
  });
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  return { child, firstLine, exited };
}

describe('the embedded PostgreSQL used when DATABASE_URL is unset', () => {
  it('is a real server, keeps its data across restarts, and refuses a second process on the same folder', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'rh-embedded-'));
    chmodSync(parent, 0o755); // a data folder chosen explicitly must be one the server can reach (as root too)
    const dataDir = join(parent, 'data');
    const port = 30000 + Math.floor(Math.random() * 20000);

    const holder = probe(dataDir, port, 'hold');
    expect(await holder.firstLine).toMatch(/^ready postgres:\/\//);

    const intruder = probe(dataDir, port + 1, 'read');
    expect(await intruder.firstLine).toBe('locked');
    await intruder.exited;

    holder.child.stdin.end();
    expect(await holder.exited).toBe(0);

    const reader = probe(dataDir, port, 'read');
    // UTF8 whatever the environment's locale: with no LANG (common in containers) initdb would pick SQL_ASCII.
    expect(await reader.firstLine).toBe('value 42 UTF8');
    expect(await reader.exited).toBe(0);
  });
});
