/**
 * The schema's constraints, indexes, exclusion constraints and triggers are written by hand in migrations/ and are
 * not declared on the entities, so TypeORM's diff proposes to drop them. Keep only what entities add: new tables,
 * new columns, changed column types; and their reversal for down().
 */
export function additiveChanges(
  upQueries: string[],
  downQueries: string[],
): { up: string[]; down: string[]; skipped: number } {
  const additive = /^(CREATE TABLE|CREATE TYPE|ALTER TABLE "[^"]+" (ADD "|ALTER COLUMN))/;
  const reversal = /^(DROP TABLE|DROP TYPE|ALTER TABLE "[^"]+" (DROP COLUMN|ALTER COLUMN))/;
  const up = upQueries.filter((q) => additive.test(q));
  const down = downQueries.filter((q) => reversal.test(q));
  return { up, down, skipped: upQueries.length - up.length };
}
