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

async function main(): Promise<number> {
  const keep = process.argv.indexOf('--keep');
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  const file = keep > 0 && process.argv[keep + 1] ? process.argv[keep + 1] : join(dir, 'openapi.json');
  try {
    const document = await openApiDocumentWithoutDatabase(loadConfig({ NODE_ENV: 'development' }));
    writeFileSync(file, JSON.stringify(document, null, 2));
    const redocly = join(__dirname, '..', 'node_modules', '.bin', 'redocly');
    const run = spawnSync(redocly, ['lint', '--extends=recommended', '--max-problems=1000', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    process.stdout.write(run.stdout ?? '');
    if (run.status !== 0) return run.status ?? 1;
    // redocly lint exits 0 on warnings; the document must have none.
    if (/\d+ warnings?\b/.test(run.stdout ?? '') && !/\b0 warnings\b/.test(run.stdout ?? '')) {
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
