/**
 * `npm run lint:openapi`: writes the OpenAPI document that the service serves at /docs-json (built without a
 * database, see openApiDocumentWithoutDatabase) to a temporary file and lints it with Redocly's recommended rules.
 * Warnings fail it too. `-- --keep <file>` also keeps the document there.
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiDocumentWithoutDatabase } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';

/**
 * The only findings accepted, each with its reason. The health probes answer 200 or 503 and nothing else (no
 * token, no parameter, no body), so they have no 4xx to document.
 */
const ACCEPTED: Record<string, string[]> = {
  'operation-4xx-response': ['#/paths/~1health/get/responses', '#/paths/~1health~1ready/get/responses'],
};

async function main(): Promise<number> {
  const keep = process.argv.indexOf('--keep');
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  const file = keep > 0 && process.argv[keep + 1] ? process.argv[keep + 1] : join(dir, 'document.json');
  try {
    const document = await openApiDocumentWithoutDatabase(loadConfig({ NODE_ENV: 'development' }));
    writeFileSync(file, JSON.stringify(document, null, 2));
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document, null, 2));
    // Redocly's ignore file names the document relative to itself: lint the copy next to it.
    const ignored = Object.entries(ACCEPTED)
      .map(([rule, at]) => `  ${rule}:\n${at.map((p) => `    - '${p}'`).join('\n')}`)
      .join('\n');
    writeFileSync(join(dir, '.redocly.lint-ignore.yaml'), `openapi.json:\n${ignored}\n`);
    const redocly = join(__dirname, '..', 'node_modules', '.bin', 'redocly');
    const run = spawnSync(redocly, ['lint', '--extends=recommended', '--max-problems=1000', 'openapi.json'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    process.stdout.write(run.stdout ?? '');
    process.stderr.write(run.stderr ?? '');
    if (run.status !== 0) return run.status ?? 1;
    // redocly lint exits 0 on warnings; the document must have none.
    if (/You have \d+ warnings?/.test(`${run.stdout}${run.stderr}`)) {
      console.error('The OpenAPI document has lint warnings; fix them.');
      return 1;
    }
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
