import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createTestApp } from '../../support/test-app';

/**
 * pg 8 warns "Calling client.query() when the client is already executing a query" (pg 9 makes it an error) when a
 * second query is queued on a connection that is still busy. `npm run bench:http` printed it: the load generator
 * hung up, the app closed, and closing the database handed the connections of requests still running to requests
 * waiting for one. Jest's sandbox does not see process warnings, so the condition pg warns on is watched directly.
 */
describe('closing the app under load', () => {
  it('waits for the requests still running before closing the database: no connection serves two queries', async () => {
    const queuedOnBusy: string[] = [];
    let calls = 0;
    const query = Client.prototype.query;
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const { _queryQueue: queue, _activeQuery: active } = this as unknown as {
        _queryQueue: unknown[];
        _activeQuery: unknown;
      };
      calls++;
      if (queue.length > 0 || active)
        queuedOnBusy.push(String((args[0] as { text?: string })?.text ?? args[0]).slice(0, 80));
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query);
    try {
      const t = await createTestApp();
      const auth = { authorization: `Bearer ${t.adminToken}` };
      const pool = (t.app.get(DataSource).driver as unknown as { master: { waitingCount: number } }).master;
      // Hold the organizations table: every POST below keeps its connection, and the rest wait for one.
      const blocker = await t.sql.connect();
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE organizations IN EXCLUSIVE MODE');
      const abort = new AbortController();
      const requests: Promise<unknown>[] = [];
      for (let i = 0; i < 30; i++) {
        requests.push(
          fetch(t.http.url('/organizations'), {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify({ kind: 'court', name: `Court ${i}`, timeZone: 'Asia/Shanghai' }),
            signal: abort.signal,
          }).catch(() => undefined),
          fetch(t.http.url('/users/me'), { headers: auth, signal: abort.signal }).catch(() => undefined),
        );
      }
      for (let i = 0; i < 1000 && pool.waitingCount < 5; i++) await new Promise((r) => setTimeout(r, 5));
      expect(pool.waitingCount).toBeGreaterThanOrEqual(5);
      calls = 0;
      // The clients hang up while the server is still working, as a load generator does at the end of a run; then
      // the app closes, and the table is let go a little later.
      abort.abort();
      await Promise.all(requests);
      const closing = t.close();
      await new Promise((r) => setTimeout(r, 300));
      await blocker.query('COMMIT');
      blocker.release();
      await closing;
      expect(queuedOnBusy).toEqual([]);
      expect(calls).toBeGreaterThan(0);
    } finally {
      spy.mockRestore();
    }
  });
});
