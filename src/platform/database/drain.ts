import type { DataSource } from 'typeorm';

/** How long a closing app waits for the database work of requests still running before closing the pool anyway. */
export const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Resolves when no query runner holds a connection and no one waits for one, or after `timeoutMs`. Closing the
 * pool first would hand the connections of requests still running (the client may have hung up; the handler goes
 * on) to requests waiting for one: two requests on one connection, pg's "client is already executing a query"
 * (a deprecation in pg 8, an error in pg 9), and one request's statements inside another's transaction.
 */
export async function drainDatabase(dataSource: DataSource, timeoutMs = DRAIN_TIMEOUT_MS): Promise<void> {
  if (!dataSource.isInitialized) return;
  // TypeORM's postgres driver: the query runners holding a connection, and pg's pool.
  const driver = dataSource.driver as unknown as {
    connectedQueryRunners?: unknown[];
    master?: { waitingCount?: number };
  };
  const busy = () => (driver.connectedQueryRunners?.length ?? 0) > 0 || (driver.master?.waitingCount ?? 0) > 0;
  const deadline = Date.now() + timeoutMs;
  while (busy() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}
