/*
 * Statistics (issue 8, benchmark 1): `GET /api/v1/stats/leniency?from=..&to=..&groupBy=month` for one year over
 * 1,000,000 defendants' leniency records and their proposals, against a hand-written SQL aggregate of the same
 * figures on the same data in the same run, for an admin (all records) and for a prosecutor (their procuratorate,
 * the largest). The endpoint's figures must equal the hand SQL's: the bench fails loudly if they do not.
 *
 * The data is generated with set-based SQL (`generate_series` into temporary tables, then one insert per table):
 * 20 procuratorates of uneven size (the largest holds about a fifth of the cases) each with 20 prosecutors and its
 * court (a tenth of the cases go to the neighbouring court), 700,000 cases, one record per defendant, each record
 * as far along the plea-leniency steps as its case has got (informed ... decided, withdrawn before or after the
 * conclusion), every state consistent with the tables' CHECK constraints, dates spread over the year with a
 * seasonal swing and over its edges.
 *
 * The service runs in a process of its own (bench/server.ts). BENCH_ROUNDS (default 5) interleaved rounds of
 * BENCH_QUERIES (default 5) queries per case; BENCH_RECORDS (default 1,000,000). BENCH_EXPLAIN=1 prints the
 * EXPLAIN (ANALYZE, BUFFERS) of the endpoint's statement for both callers.
 * `npm run bench:stats`; uses DATABASE_URL's server when set, otherwise a throwaway embedded PostgreSQL.
 */
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { periodsOf, ZERO_COUNTS } from '../src/modules/statistics/leniency-figures';
import { leniencyCountsParams, leniencyCountsSql } from '../src/modules/statistics/statistics.repository';
import { benchApp, benchDatabase } from './support';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const CASES = Math.round(RECORDS * 0.7);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 5);
const ZONE = 'Asia/Shanghai';
const YEAR = DateTime.now().setZone(ZONE).year - 1;
const COUNTS = Object.keys(ZERO_COUNTS) as (keyof typeof ZERO_COUNTS)[];

/**
 * Ids in order of generation (`<letter>0000000-0000-4000-8000-<n in hex>`), so that a million inserts append to
 * the primary keys, the unique (case, defendant) and the foreign keys' look-ups instead of reading and writing
 * random pages of them (the statistics read none of these ids but the proposals' record).
 */
const seqUuid = (letter: string, n: string) =>
  `format('${letter}0000000-0000-4000-8000-%s', lpad(to_hex(${n}), 12, '0'))::uuid`;

/** The whole data set, in set-based statements on one connection (the temporary tables are the connection's). */
async function generate(sql: Client): Promise<void> {
  const yearStart = DateTime.fromObject({ year: YEAR }, { zone: ZONE }).toISO();
  const statements = [
    `SELECT setseed(0.42)`,
    `CREATE TEMP TABLE b_orgs AS
       SELECT n, gen_random_uuid() AS procuratorate, gen_random_uuid() AS court FROM generate_series(0, 19) n`,
    `INSERT INTO organizations (id, kind, name, time_zone)
       SELECT procuratorate, 'procuratorate', 'Bench procuratorate ' || n, '${ZONE}' FROM b_orgs
       UNION ALL SELECT court, 'court', 'Bench court ' || n, '${ZONE}' FROM b_orgs`,
    `CREATE TEMP TABLE b_centers AS SELECT n, gen_random_uuid() AS id FROM generate_series(0, 9) n`,
    `INSERT INTO organizations (id, kind, name, time_zone)
       SELECT id, 'detention_center', 'Bench center ' || n, '${ZONE}' FROM b_centers
       UNION ALL SELECT '00000000-0000-4000-8000-000000000001', 'law_firm', 'Bench firm', '${ZONE}'`,
    `CREATE TEMP TABLE b_prosecutors AS
       SELECT o.n AS org, k, gen_random_uuid() AS id, o.procuratorate FROM b_orgs o, generate_series(0, 19) k`,
    `CREATE TEMP TABLE b_lawyers AS SELECT k, gen_random_uuid() AS id FROM generate_series(0, 199) k`,
    `INSERT INTO users (id, email, email_normalized, name, role, organization_id, password_hash)
       SELECT id, e, e, 'prosecutor ' || org || '-' || k, 'prosecutor', procuratorate, 'x'
         FROM b_prosecutors, LATERAL (SELECT 'prosecutor-' || org || '-' || k || '@bench.local' AS e) x
       UNION ALL
       SELECT id, e, e, 'lawyer ' || k, 'lawyer', '00000000-0000-4000-8000-000000000001', 'x'
         FROM b_lawyers, LATERAL (SELECT 'lawyer-' || k || '@bench.local' AS e) x`,
    // Uneven procuratorates: floor(20 u^1.8) puts about 19% of the cases in the first, 2.5% in the last.
    `CREATE TEMP TABLE b_cases AS
       SELECT s.n, ${seqUuid('c', 's.n')} AS id, o.procuratorate,
              CASE WHEN s.neighbour THEN next.court ELSE o.court END AS court, p.id AS prosecutor,
              (ARRAY['speedy', 'summary', 'ordinary'])[1 + floor(random() * 3)::int] AS procedure
         FROM (SELECT n, floor(20 * power(random(), 1.8))::int AS org, floor(random() * 20)::int AS pk,
                      random() < 0.1 AS neighbour
                 FROM generate_series(1, ${CASES}) n) s
         JOIN b_orgs o ON o.n = s.org
         JOIN b_orgs next ON next.n = (s.org + 1) % 20
         JOIN b_prosecutors p ON p.org = s.org AND p.k = s.pk`,
    `INSERT INTO cases (id, case_number, court_id, procuratorate_id, prosecutor_id, procedure)
       SELECT id, '(${YEAR})bench' || n, court, procuratorate, prosecutor, procedure FROM b_cases`,
    // One record per defendant; the first 30% of the cases have two defendants.
    `CREATE TEMP TABLE b_recs AS
       SELECT s.n, ${seqUuid('e', 's.n')} AS id, c.id AS case_id, ${seqUuid('d', 's.n')} AS defendant_id, c.prosecutor,
              c.procedure, random() AS k, random() AS u1, random() AS u2, random() AS u3, random() AS u4,
              -- The first contact: 45 days before the year to 10 days into the next, busier in spring and autumn.
              '${yearStart}'::timestamptz - interval '45 days'
                + (v - 0.05 * sin(4 * pi() * v)) * interval '420 days' AS t0
         FROM (SELECT n, random() AS v FROM generate_series(1, ${RECORDS}) n) s
         JOIN b_cases c ON c.n = 1 + (s.n - 1) % ${CASES}`,
    `INSERT INTO defendants (id, name, detention_center_id)
       SELECT defendant_id, 'Defendant ' || r.n, c.id FROM b_recs r JOIN b_centers c ON c.n = r.n % 10`,
    `INSERT INTO case_defendants (case_id, defendant_id, defense_lawyer_id)
       SELECT case_id, defendant_id, l.id FROM b_recs r JOIN b_lawyers l ON l.k = r.n % 200`,
    /*
     * How far each record got (k): informed 3%, accepted 2%, affidavit signed 3% (half with a proposal), withdrawn
     * before the conclusion 4% (half with a proposal), withdrawn and then concluded without leniency 1%, concluded
     * without leniency 2%, concluded with leniency and awaiting the court 25%, withdrawn after the conclusion 1%,
     * decided 59%. Every lenient conclusion has an affidavit and a proposal; 15% of them a second (an adjustment).
     */
    `CREATE TEMP TABLE b_steps AS
       SELECT r.*,
              k >= 0.03 AS accepted,
              k >= 0.05 AND NOT (k >= 0.13 AND k < 0.15) AS signed,
              (k >= 0.05 AND k < 0.12 AND u4 < 0.5) OR k >= 0.15 AS proposed,
              k >= 0.15 AND u3 < 0.15 AS adjusted,
              k >= 0.12 AS concluded,
              k >= 0.15 AS lenient,
              (k >= 0.08 AND k < 0.13) OR (k >= 0.40 AND k < 0.41) AS withdrawn,
              k >= 0.41 AS decided,
              CASE WHEN k < 0.03 THEN 'informed' WHEN k < 0.05 THEN 'accepted' WHEN k < 0.08 THEN 'affidavit_signed'
                   WHEN k < 0.12 THEN 'withdrawn' WHEN k < 0.40 THEN 'concluded' WHEN k < 0.41 THEN 'withdrawn'
                   ELSE 'decided' END AS state,
              t0 + u1 * interval '2 days' AS accepted_at,
              t0 + (3 + u1 * 5) * interval '1 day' AS signed_at,
              t0 + (3.5 + u1 * 5) * interval '1 day' AS proposed_at,
              t0 + (6 + u1 * 5 + u2 * 20) * interval '1 day' AS concluded_at,
              t0 + (6 + u1 * 5 + u2 * 20 + 10 + u3 * 50) * interval '1 day' AS decided_at
         FROM b_recs r`,
    `INSERT INTO leniency_records (id, case_id, defendant_id, state, informed_at, accepted_at,
                                   affidavit_signed_at, affidavit_witness_lawyer_id, affidavit_witness_role,
                                   affidavit_procedure, proposed_at, proposal_kind, proposal_count,
                                   concluded_at, leniency_applied, decided_at, decision, sentence_months,
                                   sentence_probation, withdrawn_at, withdrawal_reason)
       SELECT s.id, case_id, defendant_id, state, t0,
              CASE WHEN accepted THEN accepted_at END,
              CASE WHEN signed THEN signed_at END,
              CASE WHEN signed THEN l.lawyer END,
              CASE WHEN signed THEN CASE WHEN u4 < 0.4 THEN 'duty_lawyer' ELSE 'defense_lawyer' END END,
              CASE WHEN signed THEN procedure END,
              CASE WHEN proposed THEN proposed_at END,
              CASE WHEN proposed THEN
                CASE WHEN (CASE WHEN adjusted THEN u2 ELSE u3 END) < 0.7 THEN 'definite' ELSE 'range' END END,
              CASE WHEN adjusted THEN 2 WHEN proposed THEN 1 ELSE 0 END,
              CASE WHEN concluded THEN concluded_at END,
              CASE WHEN concluded THEN lenient END,
              CASE WHEN decided THEN decided_at END,
              CASE WHEN decided THEN CASE WHEN u4 < 0.80 THEN 'adopted' WHEN u4 < 0.90 THEN 'adopted_after_adjustment'
                                          WHEN u4 < 0.96 THEN 'not_adopted_lighter' ELSE 'not_adopted_heavier' END END,
              CASE WHEN decided THEN 6 + floor(u1 * 30)::int END,
              CASE WHEN decided THEN u2 < 0.3 END,
              CASE WHEN withdrawn THEN CASE WHEN k >= 0.40 THEN decided_at ELSE concluded_at - interval '1 day' END END,
              CASE WHEN withdrawn THEN 'The defendant takes the plea back' END
         FROM b_steps s JOIN (SELECT k AS lk, id AS lawyer FROM b_lawyers) l ON l.lk = s.n % 200`,
    // The first proposal with the affidavit; the adjustment halfway to the decision (or the conclusion + 5 days).
    `INSERT INTO leniency_proposals (record_id, position, kind, penalty, term_months, min_months, max_months,
                                     probation, fine_yuan, proposed_at, proposed_by)
       SELECT id, pos, kind, 'fixed_term',
              CASE WHEN kind = 'definite' THEN 6 + floor(u1 * 30)::int END,
              CASE WHEN kind = 'range' THEN 6 + floor(u1 * 18)::int END,
              CASE WHEN kind = 'range' THEN 12 + floor(u1 * 18)::int END,
              u2 < 0.3, NULL, at, prosecutor
         FROM (
           SELECT id, 1 AS pos, CASE WHEN u3 < 0.7 THEN 'definite' ELSE 'range' END AS kind, proposed_at AS at,
                  u1, u2, prosecutor
             FROM b_steps WHERE proposed
           UNION ALL
           SELECT id, 2, CASE WHEN u2 < 0.7 THEN 'definite' ELSE 'range' END,
                  CASE WHEN decided THEN concluded_at + (decided_at - concluded_at) / 2
                       ELSE concluded_at + interval '5 days' END, u1, u2, prosecutor
             FROM b_steps WHERE adjusted
         ) p`,
    `ANALYZE`,
    `VACUUM (ANALYZE) leniency_records`,
    `VACUUM (ANALYZE) leniency_proposals`,
  ];
  for (const text of statements) {
    const t0 = performance.now();
    const res = await sql.query(text);
    const what = text.replace(/\s+/g, ' ').trim().slice(0, 60);
    console.log(`  ${((performance.now() - t0) / 1000).toFixed(1)}s ${res.rowCount ?? ''} ${what}`);
  }
}

/** The figures of each month of the year, by hand: one GROUP BY per family over the stamped columns. */
function handSql(procuratorate: boolean): string {
  const scope = procuratorate ? 'AND procuratorate_id = $4' : '';
  return `
    WITH concluded AS (
      SELECT date_trunc('month', concluded_at, $3) AS m, count(*) AS persons_concluded,
             count(*) FILTER (WHERE leniency_applied) AS persons_with_leniency
        FROM leniency_records WHERE concluded_at >= $1 AND concluded_at < $2 ${scope} GROUP BY 1),
    proposed AS (
      SELECT date_trunc('month', lp.proposed_at, $3) AS m, count(*) AS proposals,
             count(*) FILTER (WHERE lp.kind = 'definite') AS definite_proposals
        FROM leniency_proposals lp
        ${procuratorate ? 'JOIN leniency_records r ON r.id = lp.record_id AND r.procuratorate_id = $4' : ''}
       WHERE lp.proposed_at >= $1 AND lp.proposed_at < $2 GROUP BY 1),
    decided AS (
      SELECT date_trunc('month', decided_at, $3) AS m, count(*) AS proposals_ruled,
             count(*) FILTER (WHERE decision IN ('adopted', 'adopted_after_adjustment')) AS adopted,
             count(*) FILTER (WHERE decision = 'adopted_after_adjustment') AS adopted_after_adjustment,
             count(*) FILTER (WHERE proposal_kind = 'definite') AS definite_ruled,
             count(*) FILTER (WHERE proposal_kind = 'definite' AND decision IN ('adopted', 'adopted_after_adjustment'))
               AS definite_adopted
        FROM leniency_records WHERE decided_at >= $1 AND decided_at < $2 ${scope} GROUP BY 1),
    withdrawn AS (
      SELECT date_trunc('month', withdrawn_at, $3) AS m, count(*) AS withdrawn
        FROM leniency_records WHERE withdrawn_at >= $1 AND withdrawn_at < $2 ${scope} GROUP BY 1)
    SELECT to_char(m AT TIME ZONE $3, 'YYYY-MM') AS period,
           coalesce(persons_concluded, 0)::int AS "personsConcluded",
           coalesce(persons_with_leniency, 0)::int AS "personsWithLeniency",
           coalesce(proposals, 0)::int AS "proposals", coalesce(definite_proposals, 0)::int AS "definiteProposals",
           coalesce(proposals_ruled, 0)::int AS "proposalsRuled", coalesce(adopted, 0)::int AS "adopted",
           coalesce(adopted_after_adjustment, 0)::int AS "adoptedAfterAdjustment",
           coalesce(definite_ruled, 0)::int AS "definiteRuled", coalesce(definite_adopted, 0)::int AS "definiteAdopted",
           coalesce(withdrawn, 0)::int AS "withdrawn"
      FROM (SELECT local AT TIME ZONE $3 AS m
              FROM generate_series($1::timestamptz AT TIME ZONE $3, $2::timestamptz AT TIME ZONE $3 - interval '1 day',
                                   interval '1 month') AS local) months
      LEFT JOIN concluded USING (m) LEFT JOIN proposed USING (m) LEFT JOIN decided USING (m)
      LEFT JOIN withdrawn USING (m)
     ORDER BY m`;
}

interface Caller {
  name: string;
  token: string;
  procuratorateId: string | null;
}

type Figures = Record<string, Record<string, number>>;

async function endpoint(baseUrl: string, caller: Caller): Promise<{ zone: string; figures: Figures }> {
  const q = new URLSearchParams({ from: `${YEAR}-01-01`, to: `${YEAR}-12-31`, groupBy: 'month' });
  const res = await fetch(`${baseUrl}/api/v1/stats/leniency?${q}`, {
    headers: { authorization: `Bearer ${caller.token}` },
  });
  if (res.status !== 200) throw new Error(`GET /stats/leniency answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { timeZone: string; rows: Record<string, number | string>[] };
  const figures: Figures = {};
  for (const row of body.rows)
    figures[row.period as string] = Object.fromEntries(COUNTS.map((c) => [c, row[c] as number]));
  return { zone: body.timeZone, figures };
}

async function byHand(sql: Client, caller: Caller, zone: string): Promise<Figures> {
  const from = DateTime.fromObject({ year: YEAR }, { zone });
  const params: unknown[] = [from.toJSDate(), from.plus({ years: 1 }).toJSDate(), zone];
  if (caller.procuratorateId) params.push(caller.procuratorateId);
  const { rows } = await sql.query(handSql(caller.procuratorateId !== null), params);
  const figures: Figures = {};
  for (const row of rows as Record<string, number | string>[])
    figures[row.period as string] = Object.fromEntries(COUNTS.map((c) => [c, row[c] as number]));
  return figures;
}

/** Fails the run when the two disagree on any figure of any month (a month absent by hand is all zeros). */
function assertSame(name: string, api: Figures, hand: Figures): void {
  const months = new Set([...Object.keys(api), ...Object.keys(hand)]);
  for (const m of months) {
    for (const c of COUNTS) {
      const a = api[m]?.[c];
      const h = hand[m]?.[c] ?? 0;
      if (a !== h) throw new Error(`${name}: ${m} ${c} is ${a} from the endpoint but ${h} by hand`);
    }
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const db = await benchDatabase();
  const sql = new Client({ connectionString: db.url });
  await sql.connect();
  // The hand SQL runs without JIT, as the endpoint does (statistics.repository.ts): what is compared is the SQL.
  await sql.query(`SET jit = off`);
  const server = await benchApp(db.url);
  try {
    console.log(`generating ${RECORDS} records over ${CASES} cases (year ${YEAR}):`);
    const t0 = performance.now();
    await generate(sql);
    console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const { rows: largest } = await sql.query(
      `SELECT procuratorate_id AS id, count(*)::int AS n FROM leniency_records GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    );
    const procuratorateId = largest[0].id as string;
    const prosecutor = { email: 'stats-prosecutor@bench.local', password: 'bench-prosecutor-password' };
    const created = await fetch(`${server.baseUrl}/api/v1/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        ...prosecutor,
        name: 'Stats prosecutor',
        role: 'prosecutor',
        organizationId: procuratorateId,
      }),
    });
    if (created.status !== 201) throw new Error(`creating the bench prosecutor failed: ${created.status}`);
    const callers: Caller[] = [
      { name: 'admin (all records)', token: server.adminToken, procuratorateId: null },
      {
        name: `prosecutor (largest procuratorate, ${largest[0].n} records)`,
        token: await server.login(prosecutor.email, prosecutor.password),
        procuratorateId,
      },
    ];

    // The figures first, and a warm-up of both: the bench fails loudly when the endpoint and the hand SQL disagree.
    const zones = new Map<Caller, string>();
    for (const c of callers) {
      const api = await endpoint(server.baseUrl, c);
      zones.set(c, api.zone);
      const hand = await byHand(sql, c, api.zone);
      assertSame(c.name, api.figures, hand);
      const total = (f: Figures, k: string) => Object.values(f).reduce((s, r) => s + r[k], 0);
      console.log(
        `${c.name}: the endpoint's figures equal the hand SQL's (${api.zone}, 12 months: ` +
          `${total(api.figures, 'personsConcluded')} concluded, ${total(api.figures, 'proposals')} proposals, ` +
          `${total(api.figures, 'proposalsRuled')} ruled, ${total(api.figures, 'withdrawn')} withdrawn)`,
      );
    }
    if (process.env.BENCH_EXPLAIN === '1') {
      for (const c of callers) {
        const zone = zones.get(c)!;
        const periods = periodsOf(`${YEAR}-01-01`, `${YEAR}-12-31`, 'month', zone);
        const q = leniencyCountsSql({ procuratorateId: c.procuratorateId, courtId: null, prosecutorId: null });
        const { rows } = await sql.query(
          `EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`,
          leniencyCountsParams(periods, q.params),
        );
        console.log(`\n${c.name}: EXPLAIN (ANALYZE, BUFFERS) of the endpoint's statement`);
        for (const r of rows) console.log(r['QUERY PLAN']);
        const from = DateTime.fromObject({ year: YEAR }, { zone });
        const hand = await sql.query(`EXPLAIN (ANALYZE, BUFFERS) ${handSql(c.procuratorateId !== null)}`, [
          from.toJSDate(),
          from.plus({ years: 1 }).toJSDate(),
          zone,
          ...(c.procuratorateId ? [c.procuratorateId] : []),
        ]);
        console.log(`\n${c.name}: EXPLAIN (ANALYZE, BUFFERS) of the hand SQL`);
        for (const r of hand.rows) console.log(r['QUERY PLAN']);
      }
    }

    console.log(`\n${ROUNDS} interleaved rounds of ${QUERIES} queries per case; the service runs in its own process`);
    console.log('caller | round | endpoint ms (median) | hand SQL ms (median) | endpoint / hand SQL');
    for (const c of callers) {
      const zone = zones.get(c)!;
      const api: number[] = [];
      const hand: number[] = [];
      const ratios: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const a: number[] = [];
        const h: number[] = [];
        for (let i = 0; i < QUERIES; i++) {
          a.push(await timed(() => endpoint(server.baseUrl, c)));
          h.push(await timed(() => byHand(sql, c, zone)));
        }
        api.push(median(a));
        hand.push(median(h));
        ratios.push(median(a) / median(h));
        console.log(
          `${c.name} | ${round} | ${median(a).toFixed(1)} | ${median(h).toFixed(1)} | ${(median(a) / median(h)).toFixed(3)}`,
        );
      }
      console.log(
        `${c.name}: endpoint ${median(api).toFixed(1)} ms [${Math.min(...api).toFixed(1)}-${Math.max(...api).toFixed(1)}], ` +
          `hand SQL ${median(hand).toFixed(1)} ms [${Math.min(...hand).toFixed(1)}-${Math.max(...hand).toFixed(1)}], ` +
          `endpoint / hand SQL median ${median(ratios).toFixed(3)} [${Math.min(...ratios).toFixed(3)}-` +
          `${Math.max(...ratios).toFixed(3)}]`,
      );
    }
  } finally {
    await sql.end();
    await server.close();
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
