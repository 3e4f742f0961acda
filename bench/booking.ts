/*
 * Booking throughput (issue 3, benchmark 1): 32 concurrent clients book hearings over HTTP, in pairs that want
 * the same courtroom and judge at the same times, so that half of all requests clash (409) and half succeed (201).
 * In the same run, a raw-SQL baseline does the same bookings straight on a `pg` pool (one transaction per booking:
 * insert the hearing and its reservations; on 23P01 roll back): no HTTP, no auth, no validation, no hours check,
 * no audit row, no clash report. Prints requests/s for both and the ratio.
 *
 * The service runs in a process of its own (bench/server.ts), as in production; this process only generates load.
 * The two cases run interleaved BENCH_ROUNDS times (default 3); the median ratio is reported with its spread.
 * Bounded: BENCH_BOOKINGS attempts per client (default 40) and at most BENCH_SECONDS per phase (default 30).
 * `npm run bench:booking`; uses DATABASE_URL's server when set, otherwise a throwaway embedded PostgreSQL.
 */
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { Pool } from 'pg';
import { benchApp, benchDatabase, benchRows, percentile, rawTransaction } from './support';

const CLIENTS = 32;
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 40);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ZONE = 'Asia/Shanghai';
const DURATION = 10;
/** Morning slots every 30 minutes: with a 10-minute escort buffer each side, one video room fits them back to back. */
const SLOTS_PER_DAY = 6;

interface Client {
  token: string;
  caseId: string;
  courtroomId: string;
  judgeId: string;
  prosecutorId: string;
  defendantId: string;
  lawyerId: string;
  videoRoomId: string;
}

/** The n-th booking slot, on weekdays from `firstDay` on: 09:00, 09:30, ... 11:30. */
function slot(n: number, firstDay: DateTime): DateTime {
  const dayIndex = Math.floor(n / SLOTS_PER_DAY);
  const day = firstDay.plus({ weeks: Math.floor(dayIndex / 5), days: dayIndex % 5 });
  return day.set({ hour: 9, minute: 0 }).plus({ minutes: 30 * (n % SLOTS_PER_DAY) });
}

async function setUp(
  sql: Pool,
  server: { baseUrl: string; adminToken: string; login(email: string, password: string): Promise<string> },
): Promise<Client[]> {
  const { one, org, user } = benchRows(sql, ZONE);
  const court = await org('court', 'Bench court');
  const procuratorate = await org('procuratorate', 'Bench procuratorate');
  const firm = await org('law_firm', 'Bench firm');
  // The clerk is made and signed in through the API, as a real clerk would be: the server runs in its own process.
  const clerk = { email: 'clerk@bench.local', password: 'bench-clerk-password' };
  const created = await fetch(`${server.baseUrl}/api/v1/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...clerk, name: 'Bench clerk', role: 'clerk', organizationId: court }),
  });
  if (created.status !== 201) throw new Error(`creating the bench clerk failed: ${created.status}`);
  const token = await server.login(clerk.email, clerk.password);
  const clients: Client[] = [];
  for (let pair = 0; pair < CLIENTS / 2; pair++) {
    const courtroomId = await one(
      `INSERT INTO rooms (organization_id, name, kind) VALUES ($1, $2, 'courtroom') RETURNING id`,
      [court, `Courtroom ${pair}`],
    );
    const judgeId = await user('judge', court, `judge ${pair}`);
    for (let member = 0; member < 2; member++) {
      const i = pair * 2 + member;
      const center = await org('detention_center', `Center ${i}`);
      const videoRoomId = await one(
        `INSERT INTO rooms (organization_id, name, kind) VALUES ($1, 'Video room', 'video_room') RETURNING id`,
        [center],
      );
      const prosecutorId = await user('prosecutor', procuratorate, `prosecutor ${i}`);
      const lawyerId = await user('lawyer', firm, `lawyer ${i}`);
      const defendantId = await one(`INSERT INTO defendants (name, detention_center_id) VALUES ($1, $2) RETURNING id`, [
        `Defendant ${i}`,
        center,
      ]);
      const caseId = await one(
        `INSERT INTO cases (case_number, court_id, procuratorate_id, prosecutor_id, procedure) VALUES ($1, $2, $3, $4, 'speedy') RETURNING id`,
        [`(2026)bench${i}`, court, procuratorate, prosecutorId],
      );
      await sql.query(`INSERT INTO case_defendants (case_id, defendant_id, defense_lawyer_id) VALUES ($1, $2, $3)`, [
        caseId,
        defendantId,
        lawyerId,
      ]);
      clients.push({ token, caseId, courtroomId, judgeId, prosecutorId, defendantId, lawyerId, videoRoomId });
    }
  }
  return clients;
}

interface PhaseResult {
  name: string;
  seconds: number;
  requests: number;
  created: number;
  clashed: number;
  other: number;
  latencies: number[];
}

/** Runs every client's bookings concurrently, one after another per client, until done or out of time. */
async function phase(
  name: string,
  clients: Client[],
  book: (c: Client, startsAt: DateTime) => Promise<number>,
  firstDay: DateTime,
): Promise<PhaseResult> {
  const result: PhaseResult = { name, seconds: 0, requests: 0, created: 0, clashed: 0, other: 0, latencies: [] };
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      for (let n = 0; n < BOOKINGS && performance.now() < deadline; n++) {
        const t0 = performance.now();
        const status = await book(c, slot(n, firstDay));
        result.latencies.push(performance.now() - t0);
        result.requests++;
        if (status === 201) result.created++;
        else if (status === 409) result.clashed++;
        else result.other++;
      }
    }),
  );
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

function httpBooker(baseUrl: string) {
  return async (c: Client, startsAt: DateTime): Promise<number> => {
    const res = await fetch(`${baseUrl}/api/v1/hearings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        caseId: c.caseId,
        kind: 'speedy_trial',
        startsAt: startsAt.toISO(),
        durationMinutes: DURATION,
        courtroomId: c.courtroomId,
        judgeId: c.judgeId,
      }),
    });
    await res.arrayBuffer();
    return res.status;
  };
}

/** The same bookings with nothing but the inserts the database needs to refuse double-booking. */
function sqlBooker(pool: Pool) {
  return async (c: Client, startsAt: DateTime): Promise<number> => {
    const endsAt = startsAt.plus({ minutes: DURATION });
    try {
      // Awaited here, so that a refused booking's error reaches the catch below.
      return await rawTransaction(pool, async (client) => {
        const { rows } = await client.query(
          `INSERT INTO hearings (case_id, kind, starts_at, ends_at, time_zone, courtroom_id, judge_id, prosecutor_id, video_room_id)
           VALUES ($1, 'speedy_trial', $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [
            c.caseId,
            startsAt.toJSDate(),
            endsAt.toJSDate(),
            ZONE,
            c.courtroomId,
            c.judgeId,
            c.prosecutorId,
            c.videoRoomId,
          ],
        );
        const resources = [
          ['courtroom', c.courtroomId],
          ['judge', c.judgeId],
          ['prosecutor', c.prosecutorId],
          ['defense_lawyer', c.lawyerId],
          ['defendant', c.defendantId],
          ['video_room', c.videoRoomId],
        ].sort((a, b) => (a[1] < b[1] ? -1 : 1));
        await client.query(
          `INSERT INTO reservations (hearing_id, resource_type, resource_id, during)
           SELECT $1, t, r, CASE WHEN t = 'video_room' THEN tstzrange($4::timestamptz - interval '10 minutes', $5::timestamptz + interval '10 minutes', '[)')
                                 ELSE tstzrange($4, $5, '[)') END
             FROM unnest($2::text[], $3::uuid[]) AS q(t, r)`,
          [rows[0].id, resources.map((r) => r[0]), resources.map((r) => r[1]), startsAt.toJSDate(), endsAt.toJSDate()],
        );
        return 201;
      });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === '23P01' || code === '40P01') return 409;
      throw err;
    }
  };
}

function report(r: PhaseResult): string {
  return (
    `${r.name} | ${r.requests} | ${r.created} | ${r.clashed} | ${r.other} | ${(r.requests / r.seconds).toFixed(0)} | ` +
    `${percentile(r.latencies, 50).toFixed(1)} | ${percentile(r.latencies, 95).toFixed(1)}`
  );
}

/** Median of a list of numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * BENCH_STATEMENTS=1: instead of measuring, books once for one pair (the second clashes with the first) with the
 * service writing every statement it sends to stderr (BENCH_LOG_SQL, bench/server.ts) between markers.
 */
async function countStatements(clients: Client[], baseUrl: string, firstDay: DateTime): Promise<void> {
  const book = httpBooker(baseUrl);
  // A first booking of another pair, so that what the service does once (metadata, prepared caches) is not counted.
  await book(clients[2], slot(0, firstDay));
  for (const [label, c] of [
    ['booking (201)', clients[0]],
    ['clash (409)', clients[1]],
  ] as const) {
    process.stderr.write(`--- ${label}\n`);
    const status = await book(c, slot(0, firstDay));
    await new Promise((r) => setTimeout(r, 50));
    process.stderr.write(`--- ${label}: ${status}\n`);
  }
}

async function main(): Promise<void> {
  const statements = process.env.BENCH_STATEMENTS === '1';
  if (statements) process.env.BENCH_LOG_SQL = '1';
  const db = await benchDatabase();
  const server = await benchApp(db.url);
  // The same pool size as the service's own (src/schema/data-source-options.ts).
  const pool = new Pool({ connectionString: db.url, max: 10 });
  try {
    const clients = await setUp(pool, server);
    // Weeks from now on, so that every booking lies in the future whenever the bench runs; each phase books its
    // own weeks, so no phase meets the hearings of another.
    const monday = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 2 });
    const weeksPerPhase = Math.ceil(BOOKINGS / SLOTS_PER_DAY / 5) + 1;
    let week = 0;
    const nextWeeks = () => monday.plus({ weeks: (week += weeksPerPhase) });
    if (statements) return await countStatements(clients, server.baseUrl, nextWeeks());
    // Warm-up, so that every measured phase starts on a warm server and database.
    await phase('warm-up', clients.slice(0, 4), httpBooker(server.baseUrl), nextWeeks());
    await phase('warm-up', clients.slice(0, 4), sqlBooker(pool), nextWeeks());

    // The two cases interleaved, ROUNDS times: a quiet or busy moment of the machine falls on both alike, and the
    // ratio of each round is reported with the median and the spread.
    const rows: PhaseResult[] = [];
    const ratios: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const raw = await phase(`raw SQL (pg pool of 10), round ${round}`, clients, sqlBooker(pool), nextWeeks());
      const http = await phase(`HTTP POST /hearings, round ${round}`, clients, httpBooker(server.baseUrl), nextWeeks());
      rows.push(raw, http);
      ratios.push(http.requests / http.seconds / (raw.requests / raw.seconds));
    }

    const overlaps = await pool.query(
      `SELECT count(*) FROM reservations a JOIN reservations b
         ON a.resource_id = b.resource_id AND a.hearing_id < b.hearing_id AND a.during && b.during`,
    );
    console.log(
      `\n${CLIENTS} clients in ${CLIENTS / 2} clashing pairs, up to ${BOOKINGS} bookings each, ${SECONDS}s cap per phase, ` +
        `${ROUNDS} interleaved rounds; the service runs in its own process`,
    );
    console.log('case | requests | 201 | 409 | other | req/s | p50 ms | p95 ms');
    for (const r of rows) console.log(report(r));
    console.log(
      `HTTP / raw SQL throughput: median ${median(ratios).toFixed(3)}, min ${Math.min(...ratios).toFixed(3)}, ` +
        `max ${Math.max(...ratios).toFixed(3)} (rounds: ${ratios.map((r) => r.toFixed(3)).join(', ')})`,
    );
    console.log(`overlapping reservations after the run: ${overlaps.rows[0].count}`);
    if (rows.some((r) => r.other > 0) || overlaps.rows[0].count !== '0') process.exitCode = 1;
  } finally {
    await pool.end();
    await server.close();
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
