import type { Pool } from 'pg';

/** Backends of the database behind `sql` that wait for a lock: the victims of a transaction a test holds open. */
export async function lockWaiters(sql: Pool): Promise<number> {
  const { rows } = await sql.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return rows[0].n as number;
}

/** Polls `done` every 25 ms, for at most 10 s. */
export async function waitFor(what: string, done: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A request in flight, and whether it has answered yet. */
export function inFlight<T>(request: Promise<T>): { answer: Promise<T>; answered: () => boolean } {
  let answered = false;
  const answer = request.finally(() => {
    answered = true;
  });
  return { answer, answered: () => answered };
}
