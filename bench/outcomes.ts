/*
 * Outcome recording (issue 8, benchmark 2): `POST /api/v1/hearings/:id/outcome` (result held) for hearings with
 * three defendants each, with the court's decision for every one of them (`leniency: [{defendantId, decision}]`),
 * through the leniency state machine, with the audit rows; against raw SQL doing the same writes in one
 * transaction: the outcome row, the hearing's status, the three records' decisions and their history rows, and the
 * audit rows (one per decision and one for the outcome), a statement per kind of write (multi-row). Every outcome is
 * for a hearing of its own (a case of its own, three defendants whose records are concluded with leniency and a
 * proposal, a hearing that has begun), so nothing contends. Prints outcomes/s for both and the ratio.
 *
 * The service runs in a process of its own (bench/server.ts). BENCH_CLIENTS (default 16) concurrent clients, BENCH_OUTCOMES (default 320)
 * outcomes per phase, BENCH_ROUNDS (default 3) interleaved rounds; the raw case on a `pg` pool of 10 (the service's
 * pool size). BENCH_STATEMENTS=1 records two outcomes with the service printing every statement it sends
 * (bench/server.ts). `npm run bench:outcomes`; DATABASE_URL's server when set, otherwise an embedded PostgreSQL.
 */
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { Client, Pool } from 'pg';
import { benchApp, benchDatabase, percentile, rawTransaction } from './support';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const OUTCOMES = Number(process.env.BENCH_OUTCOMES ?? 320);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_UP = 64;
const ZONE = 'Asia/Shanghai';

interface Hearing {
  id: string;
  defendantIds: string[];
  recordIds: string[];
}

/**
 * `count` hearings, each of its own case with three defendants whose records are concluded with leniency (informed,
 * accepted, affidavit, a definite proposal, conclusion: the rows and the history the routes would have written),
 * held yesterday in the court's courtroom; set-based, on one connection.
 */
async function setUp(sql: Client, count: number, courtId: string): Promise<Hearing[]> {
  const statements = [
    `CREATE TEMP TABLE o_orgs AS SELECT gen_random_uuid() AS procuratorate, gen_random_uuid() AS center,
       gen_random_uuid() AS firm, gen_random_uuid() AS prosecutor, gen_random_uuid() AS judge,
       gen_random_uuid() AS lawyer, gen_random_uuid() AS courtroom`,
    `INSERT INTO organizations (id, kind, name, time_zone)
       SELECT procuratorate, 'procuratorate', 'Bench procuratorate', '${ZONE}' FROM o_orgs
       UNION ALL SELECT center, 'detention_center', 'Bench center', '${ZONE}' FROM o_orgs
       UNION ALL SELECT firm, 'law_firm', 'Bench firm', '${ZONE}' FROM o_orgs`,
    `INSERT INTO users (id, email, email_normalized, name, role, organization_id, password_hash)
       SELECT prosecutor, 'p@bench.local', 'p@bench.local', 'Bench prosecutor', 'prosecutor', procuratorate, 'x'
         FROM o_orgs
       UNION ALL SELECT judge, 'j@bench.local', 'j@bench.local', 'Bench judge', 'judge', $1, 'x' FROM o_orgs
       UNION ALL SELECT lawyer, 'l@bench.local', 'l@bench.local', 'Bench lawyer', 'lawyer', firm, 'x' FROM o_orgs`,
    `INSERT INTO rooms (id, organization_id, name, kind) SELECT courtroom, $1, 'Courtroom', 'courtroom' FROM o_orgs`,
    `CREATE TEMP TABLE o_cases AS
       SELECT n, gen_random_uuid() AS id, gen_random_uuid() AS hearing FROM generate_series(1, ${count}) n`,
    `INSERT INTO cases (id, case_number, court_id, procuratorate_id, prosecutor_id, procedure)
       SELECT c.id, '(2026)outcome' || n, $1, o.procuratorate, o.prosecutor, 'speedy' FROM o_cases c, o_orgs o`,
    `CREATE TEMP TABLE o_defs AS
       SELECT c.n, c.id AS case_id, c.hearing, d, gen_random_uuid() AS defendant, gen_random_uuid() AS record
         FROM o_cases c, generate_series(1, 3) d`,
    `INSERT INTO defendants (id, name, detention_center_id)
       SELECT defendant, 'Defendant ' || n || '-' || d, o.center FROM o_defs, o_orgs o`,
    `INSERT INTO case_defendants (case_id, defendant_id, defense_lawyer_id)
       SELECT case_id, defendant, o.lawyer FROM o_defs, o_orgs o`,
    `INSERT INTO hearings (id, case_id, kind, starts_at, ends_at, time_zone, courtroom_id, judge_id, prosecutor_id)
       SELECT c.hearing, c.id, 'speedy_trial', now() - interval '1 day', now() - interval '1 day' + interval '20 minutes',
              '${ZONE}', o.courtroom, o.judge, o.prosecutor
         FROM o_cases c, o_orgs o`,
    `INSERT INTO hearing_defendants (hearing_id, defendant_id) SELECT hearing, defendant FROM o_defs`,
    `INSERT INTO hearing_lawyers (hearing_id, lawyer_id) SELECT c.hearing, o.lawyer FROM o_cases c, o_orgs o`,
    `INSERT INTO leniency_records (id, case_id, defendant_id, state, informed_at, accepted_at, affidavit_signed_at,
                                   affidavit_witness_lawyer_id, affidavit_witness_role, affidavit_procedure,
                                   proposed_at, proposal_kind, proposal_count, concluded_at, leniency_applied)
       SELECT record, case_id, defendant, 'concluded', now() - interval '60 days', now() - interval '59 days',
              now() - interval '55 days', o.lawyer, 'defense_lawyer', 'speedy', now() - interval '55 days',
              'definite', 1, now() - interval '40 days', true
         FROM o_defs, o_orgs o`,
    `INSERT INTO leniency_proposals (record_id, position, kind, penalty, term_months, probation, proposed_at, proposed_by)
       SELECT record, 1, 'definite', 'fixed_term', 12, false, now() - interval '55 days', o.prosecutor
         FROM o_defs, o_orgs o`,
    `INSERT INTO leniency_steps (record_id, action, actor_id, recorded_at, payload)
       SELECT record, a, o.prosecutor, now() - (60 - k) * interval '1 day', '{}'
         FROM o_defs, o_orgs o,
              unnest(ARRAY['inform', 'accept', 'affidavit', 'proposal', 'conclude']) WITH ORDINALITY AS s(a, k)`,
    `ANALYZE`,
  ];
  for (const text of statements) await sql.query(text, text.includes('$1') ? [courtId] : []);
  const { rows } = await sql.query(
    `SELECT hearing AS id, array_agg(defendant ORDER BY d) AS "defendantIds", array_agg(record ORDER BY d) AS "recordIds"
       FROM o_defs GROUP BY hearing, n ORDER BY n`,
  );
  return rows as Hearing[];
}

const DECISION = { decision: 'adopted', sentenceMonths: 12, probation: false };

function httpOutcome(baseUrl: string, token: string, decidedAt: string) {
  return async (h: Hearing): Promise<number> => {
    const res = await fetch(`${baseUrl}/api/v1/hearings/${h.id}/outcome`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        result: 'held',
        leniency: h.defendantIds.map((defendantId) => ({
          defendantId,
          decision: { ...DECISION, decidedAt, hearingId: h.id },
        })),
      }),
    });
    await res.arrayBuffer();
    return res.status;
  };
}

/** The same writes, by hand: no checks, a statement per kind of row. */
function sqlOutcome(pool: Pool, clerkId: string, decidedAt: string) {
  return async (h: Hearing): Promise<number> => {
    return rawTransaction(pool, async (client) => {
      await client.query(`INSERT INTO hearing_outcomes (hearing_id, result, recorded_by) VALUES ($1, 'held', $2)`, [
        h.id,
        clerkId,
      ]);
      await client.query(
        `UPDATE hearings SET status = 'completed', version = version + 1, updated_at = now() WHERE id = $1`,
        [h.id],
      );
      await client.query(
        `UPDATE leniency_records SET state = 'decided', decided_at = $2, decision = 'adopted', sentence_months = 12,
                sentence_probation = false, decision_hearing_id = $3, updated_at = now()
          WHERE id = ANY($1::uuid[])`,
        [h.recordIds, decidedAt, h.id],
      );
      const payload = JSON.stringify({ ...DECISION, decidedAt, hearingId: h.id });
      await client.query(
        `INSERT INTO leniency_steps (record_id, action, actor_id, payload)
         SELECT r, 'decision', $2::uuid, $3::jsonb FROM unnest($1::uuid[]) r`,
        [h.recordIds, clerkId, payload],
      );
      await client.query(
        `INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before, after)
         SELECT $2::uuid, 'leniency_decision', 'leniency_record', r, '{"state":"concluded"}'::jsonb, $3::jsonb
           FROM unnest($1::text[]) r
         UNION ALL
         SELECT $2::uuid, 'record_outcome', 'hearing', $4::text, '{"status":"scheduled"}'::jsonb,
                '{"status":"completed"}'::jsonb`,
        [h.recordIds, clerkId, payload, h.id],
      );
      return 201;
    });
  };
}

interface PhaseResult {
  name: string;
  seconds: number;
  requests: number;
  ok: number;
  other: number;
  latencies: number[];
}

/** Records the outcomes of `hearings`, CLIENTS at a time. */
async function phase(name: string, hearings: Hearing[], record: (h: Hearing) => Promise<number>): Promise<PhaseResult> {
  const result: PhaseResult = { name, seconds: 0, requests: 0, ok: 0, other: 0, latencies: [] };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < hearings.length) {
        const h = hearings[next++];
        const t0 = performance.now();
        const status = await record(h);
        result.latencies.push(performance.now() - t0);
        result.requests++;
        if (status === 201) result.ok++;
        else result.other++;
      }
    }),
  );
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const statements = process.env.BENCH_STATEMENTS === '1';
  if (statements) process.env.BENCH_LOG_SQL = '1';
  const db = await benchDatabase();
  const server = await benchApp(db.url);
  const sql = new Client({ connectionString: db.url });
  await sql.connect();
  const pool = new Pool({ connectionString: db.url, max: 10 });
  try {
    const court = (
      await sql.query(
        `INSERT INTO organizations (kind, name, time_zone) VALUES ('court', 'Bench court', $1) RETURNING id`,
        [ZONE],
      )
    ).rows[0].id as string;
    const clerk = { email: 'clerk@bench.local', password: 'bench-clerk-password' };
    const created = await fetch(`${server.baseUrl}/api/v1/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...clerk, name: 'Bench clerk', role: 'clerk', organizationId: court }),
    });
    if (created.status !== 201) throw new Error(`creating the bench clerk failed: ${created.status}`);
    const clerkId = ((await created.json()) as { id: string }).id;
    const token = await server.login(clerk.email, clerk.password);
    const total = statements ? 3 : 2 * WARM_UP + 2 * ROUNDS * OUTCOMES;
    const hearings = await setUp(sql, total, court);
    const decidedAt = DateTime.now().setZone(ZONE).minus({ hours: 1 }).toUTC().toISO()!;
    const http = httpOutcome(server.baseUrl, token, decidedAt);
    const raw = sqlOutcome(pool, clerkId, decidedAt);

    if (statements) {
      // A first outcome, so that what the service does once (metadata, prepared caches) is not counted.
      await http(hearings[0]);
      process.stderr.write('--- outcome (201)\n');
      const status = await http(hearings[1]);
      await new Promise((r) => setTimeout(r, 50));
      process.stderr.write(`--- outcome: ${status}\n`);
      return;
    }

    let taken = 0;
    const take = (n: number) => hearings.slice(taken, (taken += n));
    await phase('warm-up', take(WARM_UP), http);
    await phase('warm-up', take(WARM_UP), raw);
    const rows: PhaseResult[] = [];
    const ratios: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const r = await phase(`raw SQL (pg pool of 10), round ${round}`, take(OUTCOMES), raw);
      const h = await phase(`HTTP POST /hearings/:id/outcome, round ${round}`, take(OUTCOMES), http);
      rows.push(r, h);
      ratios.push(h.requests / h.seconds / (r.requests / r.seconds));
    }

    // What the service wrote: every outcome, every decision, their history and audit rows.
    const { rows: check } = await sql.query(
      `SELECT (SELECT count(*) FROM hearing_outcomes)::int AS outcomes,
              (SELECT count(*) FROM hearings WHERE status = 'completed')::int AS completed,
              (SELECT count(*) FROM leniency_records WHERE state = 'decided')::int AS decided,
              (SELECT count(*) FROM leniency_steps WHERE action = 'decision')::int AS steps,
              (SELECT count(*) FROM audit_log WHERE action = 'leniency_decision')::int AS decision_audits,
              (SELECT count(*) FROM audit_log WHERE action = 'record_outcome')::int AS outcome_audits`,
    );
    console.log(
      `\n${CLIENTS} clients, ${OUTCOMES} outcomes (3 decisions each) per phase, ${ROUNDS} interleaved rounds; ` +
        `the service runs in its own process`,
    );
    console.log('case | outcomes | 201 | other | outcomes/s | p50 ms | p95 ms');
    for (const r of rows) {
      console.log(
        `${r.name} | ${r.requests} | ${r.ok} | ${r.other} | ${(r.requests / r.seconds).toFixed(0)} | ` +
          `${percentile(r.latencies, 50).toFixed(1)} | ${percentile(r.latencies, 95).toFixed(1)}`,
      );
    }
    console.log(
      `HTTP / raw SQL throughput: median ${median(ratios).toFixed(3)}, min ${Math.min(...ratios).toFixed(3)}, ` +
        `max ${Math.max(...ratios).toFixed(3)} (rounds: ${ratios.map((r) => r.toFixed(3)).join(', ')})`,
    );
    console.log(`written: ${JSON.stringify(check[0])}`);
    const n = taken;
    const c = check[0] as Record<string, number>;
    if (
      rows.some((r) => r.other > 0) ||
      c.outcomes !== n ||
      c.completed !== n ||
      c.decided !== 3 * n ||
      c.steps !== 3 * n ||
      c.decision_audits !== 3 * n ||
      c.outcome_audits !== n
    ) {
      console.error('the outcomes written do not add up');
      process.exitCode = 1;
    }
  } finally {
    await pool.end();
    await sql.end();
    await server.close();
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
