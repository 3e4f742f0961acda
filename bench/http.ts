/*
 * Foundation benchmark: what authentication, validation, one insert and its audit row cost per request.
 * Compares, in one run, against the same server's bare endpoints:
 *   GET /health                 (public, no database)          - the bare-endpoint baseline
 *   GET /api/v1/users/me        (authenticated GET: token check + account lookup + one select)
 *   POST /api/v1/organizations  (authenticated one-row insert + its audit row, one transaction)
 * Load: autocannon, 32 connections, fixed duration per case (BENCH_SECONDS, default 8).
 */
import autocannon from 'autocannon';
import { benchApp, benchDatabase } from './support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

async function load(url: string, opts: Partial<autocannon.Options>): Promise<autocannon.Result> {
  return autocannon({ url, connections: 32, duration: SECONDS, ...opts });
}

async function main(): Promise<void> {
  const db = await benchDatabase();
  const server = await benchApp(db.url);
  const { baseUrl, adminToken } = server;
  const auth = { authorization: `Bearer ${adminToken}` };
  try {
    await load(`${baseUrl}/health`, { duration: 2 }); // warm-up
    const bare = await load(`${baseUrl}/health`, {});
    const get = await load(`${baseUrl}/api/v1/users/me`, { headers: auth });
    const post = await load(`${baseUrl}/api/v1/organizations`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'court', name: 'Bench court', timeZone: 'Asia/Shanghai' }),
    });
    const rows = [
      ['GET /health (bare)', bare],
      ['GET /users/me (authenticated)', get],
      ['POST /organizations (authenticated insert)', post],
    ] as const;
    console.log(`\n${SECONDS}s per case, 32 connections`);
    console.log('case | req/s | p50 ms | p99 ms | non-2xx | vs bare | vs authenticated GET');
    for (const [name, r] of rows) {
      console.log(
        `${name} | ${Math.round(r.requests.average)} | ${r.latency.p50} | ${r.latency.p99} | ${r.non2xx} | ` +
          `${(r.requests.average / bare.requests.average).toFixed(3)} | ${(r.requests.average / get.requests.average).toFixed(3)}`,
      );
    }
  } finally {
    await server.close();
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
