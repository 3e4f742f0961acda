/*
 * Video (issue 9): the token endpoint and LiveKit's webhook, each against a raw baseline doing the same work in
 * the same run, and a burst of tokens as a sitting starts.
 *
 * - Tokens: `POST /api/v1/hearings/:id/video-token` by 60 participants (a prosecutor, a defense lawyer and a
 *   detention officer for each of 20 hearings, all in their join window), 32 concurrent clients, against a
 *   baseline on a `pg` pool of 10 (the service's pool size) doing in one transaction the reads the service needs
 *   (the hearing's video facts, the user's name), the identity upsert and the audit row, and `toJwt()`.
 * - Burst: the 60 participants ask for their token within one second (one request every 1000/60 ms), p95.
 * - Webhooks: `POST /api/v1/webhooks/livekit` with participant_joined and participant_left events (each a new
 *   event id, one connection per pair), signed as a LiveKit server signs them, 32 concurrent senders, against
 *   `WebhookReceiver.receive` plus, in one transaction, the room's hearing and the same two inserts.
 *
 * The service runs in a process of its own (bench/server.ts); the cases alternate BENCH_ROUNDS times (default 3)
 * and the median ratio is reported with its spread. BENCH_REQUESTS per client and phase (default 60), capped at
 * BENCH_SECONDS (default 30). BENCH_STATEMENTS=1 prints the statements of one token and of one joined/left pair;
 * BENCH_ONLY=token or webhook measures only that HTTP case (with BENCH_CPU_PROF, a profile of one path).
 * `npm run bench:video`; uses DATABASE_URL's server when set, otherwise a throwaway embedded PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AccessToken, WebhookReceiver } from 'livekit-server-sdk';
import { DateTime } from 'luxon';
import { Pool } from 'pg';
import { mintVideoToken } from '../src/modules/video/livekit-token';
import { rightsFor } from '../src/modules/video/video-grants';
import { benchApp, benchDatabase, benchRows, percentile, rawTransaction } from './support';

const CLIENTS = 32;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 60);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ZONE = 'Asia/Shanghai';
/** The dev key and secret the service runs with when LIVEKIT_API_KEY/SECRET are unset (src/config/app-config.ts). */
const KEY = 'devkey';
const SECRET = 'secret';
const HEARINGS = 20;
const PASSWORD = 'bench-participant-password';

interface Participant {
  token: string;
  userId: string;
  role: 'prosecutor' | 'defense_lawyer' | 'detention_center';
  hearingId: string;
  roomName: string;
}

type Server = Awaited<ReturnType<typeof benchApp>>;

async function api(server: Server, path: string, body: unknown): Promise<{ id: string }> {
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST ${path} failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}

/**
 * Four courtrooms, each with its judge and a sitting of five 5-minute hearings starting in 5, 10, ... 25 minutes
 * (so every hearing's join window, from 30 minutes before its start, is open during the run); each hearing has a
 * case, a defendant held in a center of its own, a prosecutor and a lawyer. The 60 participants (the prosecutor,
 * the lawyer and an officer of the center of each hearing) are made and signed in through the API.
 */
async function setUp(sql: Pool, server: Server): Promise<Participant[]> {
  const { one, org, user } = benchRows(sql, ZONE);
  const court = await org('court', 'Bench court');
  const procuratorate = await org('procuratorate', 'Bench procuratorate');
  const firm = await org('law_firm', 'Bench firm');
  const now = DateTime.utc().startOf('second');
  const participants: Participant[] = [];
  for (let i = 0; i < HEARINGS; i++) {
    const sitting = Math.floor(i / 5);
    const courtroom =
      i % 5 === 0
        ? await one(`INSERT INTO rooms (organization_id, name, kind) VALUES ($1, $2, 'courtroom') RETURNING id`, [
            court,
            `Courtroom ${sitting}`,
          ])
        : (await sql.query(`SELECT id FROM rooms WHERE name = $1`, [`Courtroom ${sitting}`])).rows[0].id;
    const judge =
      i % 5 === 0
        ? await user('judge', court, `judge ${sitting}`)
        : (await sql.query(`SELECT id FROM users WHERE name = $1`, [`judge ${sitting}`])).rows[0].id;
    const center = await org('detention_center', `Center ${i}`);
    const videoRoom = await one(
      `INSERT INTO rooms (organization_id, name, kind) VALUES ($1, 'Video room', 'video_room') RETURNING id`,
      [center],
    );
    const people = {
      prosecutor: await api(server, '/users', {
        email: `prosecutor${i}@bench.local`,
        password: PASSWORD,
        name: `Prosecutor ${i}`,
        role: 'prosecutor',
        organizationId: procuratorate,
      }),
      defense_lawyer: await api(server, '/users', {
        email: `lawyer${i}@bench.local`,
        password: PASSWORD,
        name: `Lawyer ${i}`,
        role: 'lawyer',
        organizationId: firm,
      }),
      detention_center: await api(server, '/users', {
        email: `officer${i}@bench.local`,
        password: PASSWORD,
        name: `Officer ${i}`,
        role: 'detention_officer',
        organizationId: center,
      }),
    };
    const defendant = await one(`INSERT INTO defendants (name, detention_center_id) VALUES ($1, $2) RETURNING id`, [
      `Defendant ${i}`,
      center,
    ]);
    const kase = await one(
      `INSERT INTO cases (case_number, court_id, procuratorate_id, prosecutor_id, procedure)
       VALUES ($1, $2, $3, $4, 'speedy') RETURNING id`,
      [`(2026)video${i}`, court, procuratorate, people.prosecutor.id],
    );
    await sql.query(`INSERT INTO case_defendants (case_id, defendant_id, defense_lawyer_id) VALUES ($1, $2, $3)`, [
      kase,
      defendant,
      people.defense_lawyer.id,
    ]);
    // Straight to the database, as test/integration/video/support.ts does: the clock may be outside opening hours.
    const starts = now.plus({ minutes: 5 + 5 * (i % 5) });
    const hearingId = await one(
      `INSERT INTO hearings (case_id, kind, starts_at, ends_at, time_zone, prosecutor_id, judge_id, courtroom_id, video_room_id)
       VALUES ($1, 'speedy_trial', $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        kase,
        starts.toJSDate(),
        starts.plus({ minutes: 5 }).toJSDate(),
        ZONE,
        people.prosecutor.id,
        judge,
        courtroom,
        videoRoom,
      ],
    );
    await sql.query(`INSERT INTO hearing_defendants (hearing_id, defendant_id) VALUES ($1, $2)`, [
      hearingId,
      defendant,
    ]);
    await sql.query(`INSERT INTO hearing_lawyers (hearing_id, lawyer_id) VALUES ($1, $2)`, [
      hearingId,
      people.defense_lawyer.id,
    ]);
    // The room job has made the room before the join window, as it does in service (no LiveKit runs here).
    const roomName = (
      await sql.query(
        `UPDATE hearing_video SET room_status = 'created', room_sid = 'RM_bench' WHERE hearing_id = $1 RETURNING room_name`,
        [hearingId],
      )
    ).rows[0].room_name as string;
    for (const role of ['prosecutor', 'defense_lawyer', 'detention_center'] as const) {
      const email = { prosecutor: 'prosecutor', defense_lawyer: 'lawyer', detention_center: 'officer' }[role];
      const token = await server.login(`${email}${i}@bench.local`, PASSWORD);
      participants.push({ token, userId: people[role].id, role, hearingId, roomName });
    }
  }
  return participants;
}

interface PhaseResult {
  name: string;
  seconds: number;
  requests: number;
  ok: number;
  other: number;
  latencies: number[];
}

/** CLIENTS concurrent clients, each making REQUESTS requests one after another (or until out of time). */
async function phase(name: string, request: (client: number, n: number) => Promise<number>): Promise<PhaseResult> {
  const result: PhaseResult = { name, seconds: 0, requests: 0, ok: 0, other: 0, latencies: [] };
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let n = 0; n < REQUESTS && performance.now() < deadline; n++) {
        const t0 = performance.now();
        const status = await request(client, n);
        result.latencies.push(performance.now() - t0);
        result.requests++;
        if (status === 200) result.ok++;
        else result.other++;
      }
    }),
  );
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** The participant a client asks for on its n-th request: every client goes round all 60. */
const participantOf = (participants: Participant[], client: number, n: number) =>
  participants[(client + n * CLIENTS) % participants.length];

function httpToken(baseUrl: string, p: Participant): Promise<number> {
  return fetch(`${baseUrl}/api/v1/hearings/${p.hearingId}/video-token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${p.token}` },
  }).then(async (res) => {
    await res.arrayBuffer();
    return res.status;
  });
}

/**
 * The baseline of a token: in one transaction the hearing's video facts (the columns the service's rules read),
 * the user's name, the identity upsert and the audit row; then the same `toJwt()` (mintVideoToken).
 */
function sqlToken(pool: Pool) {
  return async (p: Participant): Promise<number> => {
    return rawTransaction(pool, async (client) => {
      const { rows } = await client.query(
        `SELECT h.id, h.kind, h.status, h.starts_at, h.ends_at, c.court_id, h.judge_id, h.prosecutor_id,
                r.organization_id AS center_id, r.name AS room_label, v.room_name, v.live_state,
                COALESCE((SELECT array_agg(hl.lawyer_id) FROM hearing_lawyers hl WHERE hl.hearing_id = h.id), '{}') AS lawyers
           FROM hearings h JOIN cases c ON c.id = h.case_id JOIN hearing_video v ON v.hearing_id = h.id
           LEFT JOIN rooms r ON r.id = h.video_room_id
          WHERE h.id = $1`,
        [p.hearingId],
      );
      const h = rows[0];
      const name = (await client.query(`SELECT name FROM users WHERE id = $1`, [p.userId])).rows[0].name as string;
      const identity = (
        await client.query(
          `INSERT INTO video_identities (hearing_id, user_id, role) VALUES ($1, $2, $3)
           ON CONFLICT ON CONSTRAINT video_identities_person_unique DO UPDATE SET role = EXCLUDED.role
           RETURNING identity`,
          [p.hearingId, p.userId, p.role],
        )
      ).rows[0].identity as string;
      const { expiresAt } = await mintVideoToken({
        apiKey: KEY,
        apiSecret: SECRET,
        roomName: h.room_name,
        identity,
        name,
        role: p.role,
        rights: rightsFor(p.role, h.live_state, h.kind),
      });
      await client.query(
        `INSERT INTO audit_log (actor_id, request_id, action, entity_type, entity_id, before, after)
         VALUES ($1, $2, 'issue_video_token', 'hearing', $3, NULL, $4)`,
        [
          p.userId,
          'bench',
          p.hearingId,
          { role: p.role, identity, liveState: h.live_state, expiresAt: expiresAt.toISOString() },
        ],
      );
      return 200;
    });
  };
}

interface Delivery {
  raw: string;
  authorization: string;
}

let eventSeq = 0;

/**
 * The deliveries of one phase, signed before it starts (as LiveKit signs them: a JWT with the body's sha256):
 * client k's n-th is a participant_joined (even n) or the participant_left of the same connection (odd n),
 * in a room of the sitting, each with a new event id.
 */
async function deliveries(participants: Participant[], tag: string): Promise<Delivery[][]> {
  const all: Delivery[][] = [];
  for (let client = 0; client < CLIENTS; client++) {
    const mine: Delivery[] = [];
    for (let n = 0; n < REQUESTS; n++) {
      const p = participantOf(participants, client, Math.floor(n / 2));
      const joinedAt = Date.now();
      const event = {
        event: n % 2 === 0 ? 'participant_joined' : 'participant_left',
        room: { sid: 'RM_bench', name: p.roomName },
        participant: {
          sid: `PA_${tag}_${client}_${Math.floor(n / 2)}`,
          identity: `p_${createHash('md5').update(p.userId).digest('hex')}`,
          state: n % 2 === 0 ? 'ACTIVE' : 'DISCONNECTED',
          joinedAt: String(Math.floor(joinedAt / 1000)),
          joinedAtMs: String(joinedAt),
        },
        id: `EV_bench_${++eventSeq}`,
        createdAt: String(Math.floor(joinedAt / 1000)),
      };
      const raw = JSON.stringify(event);
      const at = new AccessToken(KEY, SECRET);
      at.sha256 = createHash('sha256').update(raw).digest('base64');
      mine.push({ raw, authorization: await at.toJwt() });
    }
    all.push(mine);
  }
  return all;
}

function httpWebhook(baseUrl: string, d: Delivery): Promise<number> {
  return fetch(`${baseUrl}/api/v1/webhooks/livekit`, {
    method: 'POST',
    headers: { authorization: d.authorization, 'content-type': 'application/webhook+json' },
    body: d.raw,
  }).then(async (res) => {
    await res.arrayBuffer();
    return res.status;
  });
}

/** The baseline of a webhook: the SDK's verification, then in one transaction the room's hearing and the two inserts. */
function sqlWebhook(pool: Pool) {
  const receiver = new WebhookReceiver(KEY, SECRET);
  return async (d: Delivery): Promise<number> => {
    const event = await receiver.receive(d.raw, d.authorization);
    const p = event.participant!;
    const createdAt = new Date(Number(event.createdAt) * 1000);
    const ends = event.event === 'participant_left';
    return rawTransaction(pool, async (client) => {
      const { rows } = await client.query(
        `SELECT hearing_id FROM hearing_video WHERE room_name = $1 OR consultation_room_name = $1`,
        [event.room!.name],
      );
      const hearingId = rows[0].hearing_id as string;
      await client.query(
        `INSERT INTO livekit_events (id, event, created_at, room_name, hearing_id, identity, participant_sid)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [event.id, event.event, createdAt, event.room!.name, hearingId, p.identity, p.sid],
      );
      await client.query(
        `INSERT INTO video_sessions (participant_sid, hearing_id, identity, room_name, joined_at, left_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (participant_sid) DO UPDATE
           SET joined_at = COALESCE(video_sessions.joined_at, EXCLUDED.joined_at),
               left_at = COALESCE(video_sessions.left_at, EXCLUDED.left_at)`,
        [p.sid, hearingId, p.identity, event.room!.name, new Date(Number(p.joinedAtMs)), ends ? createdAt : null],
      );
      return 200;
    });
  };
}

/** The 60 participants ask for their token within one second, one every 1000/60 ms: each request's latency. */
async function burst(baseUrl: string, participants: Participant[]): Promise<{ latencies: number[]; other: number }> {
  const latencies: number[] = [];
  let other = 0;
  const t0 = performance.now();
  await Promise.all(
    participants.map(async (p, k) => {
      const at = t0 + (k * 1000) / participants.length;
      await new Promise((r) => setTimeout(r, Math.max(0, at - performance.now())));
      const start = performance.now();
      const status = await httpToken(baseUrl, p);
      latencies.push(performance.now() - start);
      if (status !== 200) other++;
    }),
  );
  return { latencies, other };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const rate = (r: PhaseResult) => r.requests / r.seconds;

function report(r: PhaseResult): string {
  return (
    `${r.name} | ${r.requests} | ${r.ok} | ${r.other} | ${rate(r).toFixed(0)} | ` +
    `${percentile(r.latencies, 50).toFixed(1)} | ${percentile(r.latencies, 95).toFixed(1)}`
  );
}

function spread(label: string, ratios: number[]): string {
  return (
    `${label}: median ${median(ratios).toFixed(3)}, min ${Math.min(...ratios).toFixed(3)}, ` +
    `max ${Math.max(...ratios).toFixed(3)} (rounds: ${ratios.map((r) => r.toFixed(3)).join(', ')})`
  );
}

/** BENCH_STATEMENTS=1: one token and one joined/left pair with the service printing its statements (bench/server.ts). */
async function countStatements(baseUrl: string, participants: Participant[]): Promise<void> {
  // A first token and pair elsewhere, so that what the service does once is not counted. The lawyer's first token
  // makes their identity in the hearing; a later one (a reconnection, another device) finds it.
  await httpToken(baseUrl, participants[5]);
  const warm = await deliveries(participants, 'warm');
  for (const d of warm[1].slice(0, 2)) await httpWebhook(baseUrl, d);
  const pair = (await deliveries(participants, 'count'))[0].slice(0, 2);
  const steps: [string, () => Promise<number>][] = [
    ['token (lawyer)', () => httpToken(baseUrl, participants[1])],
    ['token again (lawyer)', () => httpToken(baseUrl, participants[1])],
    ['token (detention center)', () => httpToken(baseUrl, participants[2])],
    ['webhook participant_joined', () => httpWebhook(baseUrl, pair[0])],
    ['webhook participant_left', () => httpWebhook(baseUrl, pair[1])],
  ];
  for (const [label, step] of steps) {
    process.stderr.write(`--- ${label}\n`);
    const status = await step();
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
    const participants = await setUp(pool, server);
    if (statements) return await countStatements(server.baseUrl, participants);
    const tokenHttp = (client: number, n: number) => httpToken(server.baseUrl, participantOf(participants, client, n));
    const baseline = sqlToken(pool);
    const tokenSql = (client: number, n: number) => baseline(participantOf(participants, client, n));
    const hookBaseline = sqlWebhook(pool);
    // Warm-up, so that every measured phase starts on a warm server and database.
    await phase('warm-up', tokenHttp);
    await phase('warm-up', tokenSql);
    const warm = await deliveries(participants, 'warm-http');
    await phase('warm-up', (c, n) => httpWebhook(server.baseUrl, warm[c][n]));
    const warmSql = await deliveries(participants, 'warm-sql');
    await phase('warm-up', (c, n) => hookBaseline(warmSql[c][n]));

    const rows: PhaseResult[] = [];
    const tokenRatios: number[] = [];
    const hookRatios: number[] = [];
    const bursts: number[][] = [];
    let burstOther = 0;
    // BENCH_ONLY=token or webhook runs only that case (for a CPU profile of one path).
    const only = process.env.BENCH_ONLY;
    for (let round = 1; round <= ROUNDS; round++) {
      if (only === 'webhook') {
        const ds = await deliveries(participants, `only-${round}`);
        rows.push(await phase(`webhook, HTTP only, round ${round}`, (c, n) => httpWebhook(server.baseUrl, ds[c][n])));
        continue;
      }
      if (only === 'token') {
        rows.push(await phase(`token, HTTP only, round ${round}`, tokenHttp));
        continue;
      }
      const rawToken = await phase(`token, raw (pg pool of 10 + toJwt), round ${round}`, tokenSql);
      const httpTok = await phase(`token, HTTP POST /video-token, round ${round}`, tokenHttp);
      const b = await burst(server.baseUrl, participants);
      bursts.push(b.latencies);
      burstOther += b.other;
      const sqlDs = await deliveries(participants, `sql-${round}`);
      const rawHook = await phase(`webhook, raw (receive + pg pool of 10), round ${round}`, (c, n) =>
        hookBaseline(sqlDs[c][n]),
      );
      const httpDs = await deliveries(participants, `http-${round}`);
      const httpHook = await phase(`webhook, HTTP POST /webhooks/livekit, round ${round}`, (c, n) =>
        httpWebhook(server.baseUrl, httpDs[c][n]),
      );
      rows.push(rawToken, httpTok, rawHook, httpHook);
      tokenRatios.push(rate(httpTok) / rate(rawToken));
      hookRatios.push(rate(httpHook) / rate(rawHook));
    }
    const sessions = await pool.query(
      `SELECT count(*) FILTER (WHERE joined_at IS NOT NULL AND left_at IS NOT NULL) AS closed, count(*) AS total
         FROM video_sessions`,
    );
    console.log(
      `\n${CLIENTS} clients, up to ${REQUESTS} requests each, ${SECONDS}s cap per phase, ${ROUNDS} interleaved rounds; ` +
        `${participants.length} participants of ${HEARINGS} hearings; the service runs in its own process`,
    );
    console.log('case | requests | 200 | other | req/s | p50 ms | p95 ms');
    for (const r of rows) console.log(report(r));
    if (!only) {
      console.log(spread('token HTTP / raw throughput', tokenRatios));
      console.log(spread('webhook HTTP / raw throughput', hookRatios));
    }
    const all = bursts.flat();
    if (!only)
      console.log(
        `burst of ${participants.length} tokens in 1 s, ${ROUNDS} bursts: p50 ${percentile(all, 50).toFixed(1)} ms, ` +
          `p95 ${percentile(all, 95).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms ` +
          `(p95 per burst: ${bursts.map((l) => percentile(l, 95).toFixed(1)).join(', ')}), non-200: ${burstOther}`,
      );
    console.log(`video sessions after the run: ${sessions.rows[0].total}, closed ${sessions.rows[0].closed}`);
    if (rows.some((r) => r.other > 0) || burstOther > 0) process.exitCode = 1;
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
