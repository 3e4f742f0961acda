import { DataSource, Migration } from 'typeorm';

const MIGRATION_LOCK = 727_001; // pg_advisory_lock key shared by every instance of the service

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so several instances starting at once
 * against one database apply each migration exactly once.
 */
export async function runPendingMigrations(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
