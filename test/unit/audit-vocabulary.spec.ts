import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../../src/modules/audit/audit-vocabulary';

/** The comma-separated items of `text` at parenthesis depth 0. */
function topLevelItems(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === ',' && depth === 0) {
      items.push(current.trim());
      current = '';
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    current += ch;
  }
  items.push(current.trim());
  return items;
}

/** Every (action, entity_type) pair that a migration's SQL writes into audit_log (triggers included). */
function auditRowsWrittenByMigrations(): { file: string; action: string; entityType: string }[] {
  const dir = join(__dirname, '../../migrations');
  const found: { file: string; action: string; entityType: string }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const sql = readFileSync(join(dir, file), 'utf8');
    for (const m of sql.matchAll(/INSERT INTO audit_log\s*\(([^)]*)\)\s*VALUES\s*\(/g)) {
      const columns = m[1].split(',').map((c) => c.trim());
      let depth = 1;
      let end = m.index + m[0].length;
      while (depth > 0) {
        if (sql[end] === '(') depth++;
        if (sql[end] === ')') depth--;
        end++;
      }
      const values = topLevelItems(sql.slice(m.index + m[0].length, end - 1));
      found.push({
        file,
        action: values[columns.indexOf('action')],
        entityType: values[columns.indexOf('entity_type')],
      });
    }
  }
  return found;
}

describe('the closed lists of audit actions and entity types', () => {
  it('hold every action and entity type that a database trigger writes', () => {
    const rows = auditRowsWrittenByMigrations();
    // The custody trigger (migrations/1764500300000-CustodyFlagAudit.ts) audits each hearing it flags.
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const unquoted = {
        file: row.file,
        action: row.action.replace(/^'|'$/g, ''),
        entityType: row.entityType.replace(/^'|'$/g, ''),
      };
      expect([row.file, AUDIT_ACTIONS as readonly string[]]).toEqual([
        row.file,
        expect.arrayContaining([unquoted.action]),
      ]);
      expect([row.file, AUDIT_ENTITY_TYPES as readonly string[]]).toEqual([
        row.file,
        expect.arrayContaining([unquoted.entityType]),
      ]);
    }
  });

  it('name each value once', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    expect(new Set(AUDIT_ENTITY_TYPES).size).toBe(AUDIT_ENTITY_TYPES.length);
  });
});
