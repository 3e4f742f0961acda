/*
 * The slot finder as the schedule grows (issue 3, benchmark 2): GET /availability p50/p95 with 1,000 and then with
 * 100,000 hearings in the database, and the ratio between the two. The searched case's judge has two hearings
 * every weekday of the searched quarter in both databases; the growth is hearings of 200 other courtrooms, judges and
 * prosecutors spread over the year from the searched quarter on, and years of past hearings of the searched parties themselves (every twentieth
 * hearing). A search that reads only its window (GiST on the reservations' (resource_id, during)) costs the same
 * in both; one that read a party's whole history would not.
 *
 * Two databases, one per size, each served by the application; the searches alternate between them so that the
 * machine's other load weighs on both alike. Hearings are inserted with generate_series in a few statements.
 * Bounded: BENCH_SEARCHES searches per window and database (default 200, after 20 warm-up ones).
 * `npm run bench:availability`; uses DATABASE_URL's server when set, otherwise throwaway embedded PostgreSQL.
 */
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { Pool } from 'pg';
import { benchApp, benchDatabase, benchRows, percentile } from './support';

const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 200);
const ZONE = 'Asia/Shanghai';
const SMALL = 1_000;
const LARGE = 100_000;
/** Pairs of courtroom + judge + prosecutor that carry the unrelated hearings. */
const BACKGROUND_PAIRS = 200;

interface Searched {
  caseId: string;
  historyCaseId: string;
  courtroomId: string;
  otherCourtroomId: string;
  judgeId: string;
  prosecutorId: string;
  defendantId: string;
  lawyerId: string;
  videoRoomIds: string[];
  backgroundCaseId: string;
  backgroundCourtrooms: string[];
  backgroundJudges: string[];
  backgroundProsecutors: string[];
}

async function setUp(sql: Pool): Promise<Searched> {
  const { one, org, user } = benchRows(sql, ZONE);
  const room = (orgId: string, kind: string, name: string) =>
    one(`INSERT INTO rooms (organization_id, name, kind) VALUES ($1, $2, $3) RETURNING id`, [orgId, name, kind]);
  const kase = async (
    number: string,
    court: string,
    procuratorate: string,
    prosecutor: string,
    defendant?: string,
    lawyer?: string,
  ) => {
    const id = await one(
      `INSERT INTO cases (case_number, court_id, procuratorate_id, prosecutor_id, procedure) VALUES ($1, $2, $3, $4, 'speedy') RETURNING id`,
      [number, court, procuratorate, prosecutor],
    );
    if (defendant)
      await sql.query(`INSERT INTO case_defendants (case_id, defendant_id, defense_lawyer_id) VALUES ($1, $2, $3)`, [
        id,
        defendant,
        lawyer ?? null,
      ]);
    return id;
  };

  const court = await org('court', 'Bench court');
  const procuratorate = await org('procuratorate', 'Bench procuratorate');
  const center = await org('detention_center', 'Bench center');
  const firm = await org('law_firm', 'Bench firm');
  const judgeId = await user('judge', court, 'searched judge');
  const prosecutorId = await user('prosecutor', procuratorate, 'searched prosecutor');
  const lawyerId = await user('lawyer', firm, 'searched lawyer');
  const defendantId = await one(
    `INSERT INTO defendants (name, detention_center_id) VALUES ('Searched defendant', $1) RETURNING id`,
    [center],
  );
  const courtroomId = await room(court, 'courtroom', 'Courtroom 1');
  const otherCourtroomId = await room(court, 'courtroom', 'Courtroom 2');
  const videoRoomIds = [
    await room(center, 'video_room', 'Video room 1'),
    await room(center, 'video_room', 'Video room 2'),
  ];
  const caseId = await kase('(2026)searched', court, procuratorate, prosecutorId, defendantId, lawyerId);
  const historyCaseId = await kase('(2020)history', court, procuratorate, prosecutorId, defendantId, lawyerId);

  const backgroundCourt = await org('court', 'Background court');
  const backgroundProcuratorate = await org('procuratorate', 'Background procuratorate');
  const backgroundCourtrooms: string[] = [];
  const backgroundJudges: string[] = [];
  const backgroundProsecutors: string[] = [];
  for (let i = 0; i < BACKGROUND_PAIRS; i++) {
    backgroundCourtrooms.push(await room(backgroundCourt, 'courtroom', `Background courtroom ${i}`));
    backgroundJudges.push(await user('judge', backgroundCourt, `background judge ${i}`));
    backgroundProsecutors.push(await user('prosecutor', backgroundProcuratorate, `background prosecutor ${i}`));
  }
  const backgroundCaseId = await kase(
    '(2026)background',
    backgroundCourt,
    backgroundProcuratorate,
    backgroundProsecutors[0],
  );
  return {
    caseId,
    historyCaseId,
    courtroomId,
    otherCourtroomId,
    judgeId,
    prosecutorId,
    defendantId,
    lawyerId,
    videoRoomIds,
    backgroundCaseId,
    backgroundCourtrooms,
    backgroundJudges,
    backgroundProsecutors,
  };
}

/**
 * The first Monday of the searched quarter: weeks ahead of now, so that every searched window lies in the future
 * (the slot finder searches from now on) whenever the bench runs.
 */
const QUARTER = DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 4 });
const sqlLocal = (d: DateTime) => d.toFormat('yyyy-MM-dd HH:mm');
const sqlInstant = (d: DateTime) => d.toISO()!;

/** The searched judge in the other courtroom, 09:00-09:40 and 15:00-15:30 every weekday of the searched quarter. */
async function insertSearchedJudgeDays(sql: Pool, s: Searched): Promise<number> {
  const { rowCount } = await sql.query(
    `WITH slots AS (
       SELECT (d + t.at) AT TIME ZONE 'Asia/Shanghai' AS starts_at, t.minutes
         FROM generate_series($4::timestamp, $5::timestamp, interval '1 day') d
        CROSS JOIN (VALUES (time '09:00', 40), (time '15:00', 30)) AS t(at, minutes)
        WHERE extract(isodow FROM d) <= 5),
     ins AS (
       INSERT INTO hearings (case_id, kind, starts_at, ends_at, time_zone, courtroom_id, judge_id)
       SELECT $1, 'trial', starts_at, starts_at + make_interval(mins => minutes), 'Asia/Shanghai', $2, $3 FROM slots
       RETURNING id, starts_at, ends_at)
     INSERT INTO reservations (hearing_id, resource_type, resource_id, during)
     SELECT id, 'courtroom', $2, tstzrange(starts_at, ends_at, '[)') FROM ins
     UNION ALL SELECT id, 'judge', $3, tstzrange(starts_at, ends_at, '[)') FROM ins`,
    [s.historyCaseId, s.otherCourtroomId, s.judgeId, sqlLocal(QUARTER), sqlLocal(QUARTER.plus({ weeks: 13 }))],
  );
  return (rowCount ?? 0) / 2;
}

/**
 * Hearings number `from`..`to` (inclusive). Every twentieth is a past hearing of the searched parties (every party
 * and video room 1, buffered), going back from the day before the quarter one every 7 hours; the others belong to
 * background pair i % 200, one every 17 hours from the quarter on. Neither kind ever overlaps another of its resources.
 */
async function insertGenerated(sql: Pool, s: Searched, from: number, to: number): Promise<void> {
  const chunk = 20_000;
  for (let lo = from; lo <= to; lo += chunk) {
    const hi = Math.min(to, lo + chunk - 1);
    await sql.query(
      `WITH g AS (
         SELECT i, (i % 20 = 0) AS searched,
                CASE WHEN i % 20 = 0
                     THEN $14::timestamptz - (i / 20) * interval '7 hours'
                     ELSE $15::timestamptz + (i / ${BACKGROUND_PAIRS}) * interval '17 hours' END AS starts_at,
                1 + i % ${BACKGROUND_PAIRS} AS pair
           FROM generate_series($1::int, $2::int) i),
       ins AS (
         INSERT INTO hearings (case_id, kind, starts_at, ends_at, time_zone, courtroom_id, judge_id, prosecutor_id, video_room_id)
         SELECT CASE WHEN searched THEN $3::uuid ELSE $4::uuid END, 'trial', starts_at, starts_at + interval '30 minutes', 'Asia/Shanghai',
                CASE WHEN searched THEN $5::uuid ELSE ($10::uuid[])[pair] END,
                CASE WHEN searched THEN $6::uuid ELSE ($11::uuid[])[pair] END,
                CASE WHEN searched THEN $7::uuid ELSE ($12::uuid[])[pair] END,
                CASE WHEN searched THEN $13::uuid END
           FROM g
         RETURNING id, starts_at, ends_at, courtroom_id, judge_id, prosecutor_id, video_room_id)
       INSERT INTO reservations (hearing_id, resource_type, resource_id, during)
       SELECT id, 'courtroom', courtroom_id, tstzrange(starts_at, ends_at, '[)') FROM ins
       UNION ALL SELECT id, 'judge', judge_id, tstzrange(starts_at, ends_at, '[)') FROM ins
       UNION ALL SELECT id, 'prosecutor', prosecutor_id, tstzrange(starts_at, ends_at, '[)') FROM ins
       UNION ALL SELECT id, 'defendant', $8::uuid, tstzrange(starts_at, ends_at, '[)') FROM ins WHERE video_room_id IS NOT NULL
       UNION ALL SELECT id, 'defense_lawyer', $9::uuid, tstzrange(starts_at, ends_at, '[)') FROM ins WHERE video_room_id IS NOT NULL
       UNION ALL SELECT id, 'video_room', video_room_id, tstzrange(starts_at - interval '10 minutes', ends_at + interval '10 minutes', '[)')
                   FROM ins WHERE video_room_id IS NOT NULL`,
      [
        lo,
        hi,
        s.historyCaseId,
        s.backgroundCaseId,
        s.courtroomId,
        s.judgeId,
        s.prosecutorId,
        s.defendantId,
        s.lawyerId,
        s.backgroundCourtrooms,
        s.backgroundJudges,
        s.backgroundProsecutors,
        s.videoRoomIds[0],
        sqlInstant(QUARTER.minus({ days: 1 }).set({ hour: 10 })),
        sqlInstant(QUARTER.set({ hour: 8 })),
      ],
    );
  }
  await sql.query('ANALYZE');
}

/** Mondays of the searched quarter, in turn. */
function windowStart(n: number): DateTime {
  return QUARTER.plus({ weeks: n % 12 });
}

interface Target {
  name: string;
  baseUrl: string;
  token: string;
  s: Searched;
}

async function search(target: Target, n: number, days: number): Promise<number> {
  const from = windowStart(n);
  const to = from.plus({ days });
  const url =
    `${target.baseUrl}/api/v1/availability?caseId=${target.s.caseId}&kind=trial&durationMinutes=30&limit=20` +
    `&from=${encodeURIComponent(from.toISO()!)}&to=${encodeURIComponent(to.toISO()!)}` +
    `&courtroomId=${target.s.courtroomId}&judgeId=${target.s.judgeId}`;
  const t0 = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${target.token}` } });
  const body = (await res.json()) as { slots?: unknown[] };
  const ms = performance.now() - t0;
  if (res.status !== 200 || body.slots?.length !== 20)
    throw new Error(`${target.name}: search answered ${res.status}: ${JSON.stringify(body)}`);
  return ms;
}

/**
 * Searches both databases in turn (which goes first alternates), so that whatever else loads the machine weighs
 * on both alike: the ratio is what counts.
 */
async function measure(targets: [Target, Target], days: number): Promise<Array<{ p50: number; p95: number }>> {
  for (let i = 0; i < 20; i++) for (const t of targets) await search(t, i, days);
  const latencies: number[][] = [[], []];
  for (let i = 0; i < SEARCHES; i++) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) latencies[k].push(await search(targets[k], i, days));
  }
  return latencies.map((l) => ({ p50: percentile(l, 50), p95: percentile(l, 95) }));
}

async function count(sql: Pool): Promise<{ hearings: number; reservations: number }> {
  const { rows } = await sql.query(
    `SELECT (SELECT count(*) FROM hearings)::int AS hearings, (SELECT count(*) FROM reservations)::int AS reservations`,
  );
  return rows[0];
}

/** A database with `total` hearings and the application serving it. */
async function target(
  name: string,
  total: number,
): Promise<{
  target: Target;
  counts: { hearings: number; reservations: number };
  seconds: number;
  close(): Promise<void>;
}> {
  const db = await benchDatabase();
  const sql = new Pool({ connectionString: db.url, max: 2 });
  const server = await benchApp(db.url);
  const { baseUrl, adminToken } = server;
  const s = await setUp(sql);
  const t0 = performance.now();
  const fixed = await insertSearchedJudgeDays(sql, s);
  await insertGenerated(sql, s, 1, total - fixed);
  const seconds = (performance.now() - t0) / 1000;
  const counts = await count(sql);
  return {
    target: { name, baseUrl, token: adminToken, s },
    counts,
    seconds,
    close: async () => {
      await server.close();
      await sql.end();
      await db.close();
    },
  };
}

async function main(): Promise<void> {
  const small = await target('small', SMALL);
  const large = await target('large', LARGE);
  try {
    const [small5, large5] = await measure([small.target, large.target], 5);
    const [small31, large31] = await measure([small.target, large.target], 31);
    console.log(
      `GET /availability, 30-minute trial, limit 20, ${SEARCHES} searches per row, the two databases in turn (after 20 warm-up each)`,
    );
    console.log(
      `inserted ${large.counts.hearings} hearings (${large.counts.reservations} reservations) in ${large.seconds.toFixed(1)} s`,
    );
    console.log('hearings | reservations | window | p50 ms | p95 ms');
    const row = (c: { hearings: number; reservations: number }, days: number, r: { p50: number; p95: number }) =>
      console.log(`${c.hearings} | ${c.reservations} | ${days} days | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)}`);
    row(small.counts, 5, small5);
    row(large.counts, 5, large5);
    row(small.counts, 31, small31);
    row(large.counts, 31, large31);
    console.log(
      `ratio ${LARGE.toLocaleString('en')} / ${SMALL.toLocaleString('en')} hearings: 5-day window p50 ${(large5.p50 / small5.p50).toFixed(2)}, ` +
        `p95 ${(large5.p95 / small5.p95).toFixed(2)}; 31-day window p50 ${(large31.p50 / small31.p50).toFixed(2)}, p95 ${(large31.p95 / small31.p95).toFixed(2)}`,
    );
  } finally {
    await small.close();
    await large.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
