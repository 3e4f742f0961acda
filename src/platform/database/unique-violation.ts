import { QueryFailedError } from 'typeorm';

/**
 * Whether `err` is PostgreSQL refusing a row that would break the unique constraint (or unique index) `name`: for
 * repositories, which turn it into their module's error with a stable code, so that no service reads a constraint
 * name.
 */
export function isUniqueViolation(err: unknown, name: string): boolean {
  const { code, constraint } = err as { code?: string; constraint?: string };
  return err instanceof QueryFailedError && code === '23505' && constraint === name;
}
