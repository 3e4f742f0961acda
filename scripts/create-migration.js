#!/usr/bin/env node
/* Writes an empty migration: `npm run migration:create -- AddSomething`. Add it to migrations/index.ts. */
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('usage: npm run migration:create -- <PascalCaseName>');
  process.exit(2);
}
const ts = Date.now();
const file = join(__dirname, '..', 'migrations', `${ts}-${name}.ts`);
writeFileSync(
  file,
  `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${ts} implements MigrationInterface {
  name = '${name}${ts}';

  async up(q: QueryRunner): Promise<void> {
    await q.query(\`\`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(\`\`);
  }
}
`,
);
console.log(`wrote ${file}; list it in migrations/index.ts`);
