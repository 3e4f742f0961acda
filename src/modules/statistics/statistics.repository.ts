import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ZERO_COUNTS, type LeniencyCounts } from './leniency-figures';
import type { LeniencyFilter } from './stats-visibility';

/** A half-open period of instants [start, end). */
export interface PeriodRange {
  start: Date;
  end: Date;
}

const SCOPE_COLUMNS = [
  ['procuratorateId', 'procuratorate_id'],
  ['courtId', 'court_id'],
  ['prosecutorId', 'prosecutor_id'],
] as const;

/**
 * The statement for the filters that are set: one aggregate per figure family, each joining the periods ($1, $2:
 * starts and ends) to the range of its date, so that each period is one range scan of an index on (filter column,
 * date) or (date); periods with nothing get zeros. A record carries its procuratorate, court and prosecutor (the
 * case's, frozen at the conclusion: migrations/1764501200000-LeniencyScopeStamped.ts), so no count joins `cases`.
 * Only the filters given are written into the statement, so that its plan is the one for them; their values are
 * $3, $4, ... in order.
 */
export function leniencyCountsSql(filter: LeniencyFilter): { sql: string; params: string[] } {
  const conditions: string[] = [];
  const params: string[] = [];
  for (const [key, column] of SCOPE_COLUMNS) {
    const value = filter[key];
    if (value === null) continue;
    params.push(value);
    conditions.push(`r.${column} = $${params.length + 2}`);
  }
  const and = conditions.map((c) => ` AND ${c}`).join('');
  const inPeriod = (date: string) => `${date} >= p.start_at AND ${date} < p.end_at`;
  /*
   * The proposals carry no scope of their own (they are append-only): when one is filtered on, the scope's records
   * first proposed before the window's end are joined to the window's proposals once, and each proposal is put in
   * its period by `width_bucket` over the periods' starts (they are contiguous); joining each period to that join
   * would run it once per period.
   */
  const windowStart = `($1::timestamptz[])[1]`;
  const windowEnd = `($2::timestamptz[])[cardinality($2::timestamptz[])]`;
  const proposed =
    conditions.length === 0
      ? `SELECT p.n, count(*) AS proposals, count(*) FILTER (WHERE lp.kind = 'definite') AS definite_proposals
    FROM p JOIN leniency_proposals lp ON ${inPeriod('lp.proposed_at')}
    GROUP BY p.n`
      : `SELECT width_bucket(lp.proposed_at, $1::timestamptz[]) AS n,
      count(*) AS proposals, count(*) FILTER (WHERE lp.kind = 'definite') AS definite_proposals
    FROM leniency_proposals lp JOIN leniency_records r ON r.id = lp.record_id AND r.proposed_at < ${windowEnd}${and}
    WHERE lp.proposed_at >= ${windowStart} AND lp.proposed_at < ${windowEnd}
    GROUP BY 1`;
  const sql = `
  WITH p AS (
    SELECT start_at, end_at, n FROM unnest($1::timestamptz[], $2::timestamptz[]) WITH ORDINALITY AS p(start_at, end_at, n)
  ),
  concluded AS (
    SELECT p.n, count(*) AS persons_concluded, count(*) FILTER (WHERE r.leniency_applied) AS persons_with_leniency
    FROM p JOIN leniency_records r ON ${inPeriod('r.concluded_at')}${and}
    GROUP BY p.n
  ),
  proposed AS (
    ${proposed}
  ),
  decided AS (
    SELECT p.n,
      count(*) AS proposals_ruled,
      count(*) FILTER (WHERE r.decision IN ('adopted', 'adopted_after_adjustment')) AS adopted,
      count(*) FILTER (WHERE r.decision = 'adopted_after_adjustment') AS adopted_after_adjustment,
      count(*) FILTER (WHERE r.proposal_kind = 'definite') AS definite_ruled,
      count(*) FILTER (WHERE r.proposal_kind = 'definite' AND r.decision IN ('adopted', 'adopted_after_adjustment'))
        AS definite_adopted
    FROM p JOIN leniency_records r ON ${inPeriod('r.decided_at')}${and}
    GROUP BY p.n
  ),
  withdrawn AS (
    SELECT p.n, count(*) AS withdrawn
    FROM p JOIN leniency_records r ON ${inPeriod('r.withdrawn_at')}${and}
    GROUP BY p.n
  )
  SELECT p.n::int AS n,
    coalesce(concluded.persons_concluded, 0)::int AS "personsConcluded",
    coalesce(concluded.persons_with_leniency, 0)::int AS "personsWithLeniency",
    coalesce(proposed.proposals, 0)::int AS "proposals",
    coalesce(proposed.definite_proposals, 0)::int AS "definiteProposals",
    coalesce(decided.proposals_ruled, 0)::int AS "proposalsRuled",
    coalesce(decided.adopted, 0)::int AS "adopted",
    coalesce(decided.adopted_after_adjustment, 0)::int AS "adoptedAfterAdjustment",
    coalesce(decided.definite_ruled, 0)::int AS "definiteRuled",
    coalesce(decided.definite_adopted, 0)::int AS "definiteAdopted",
    coalesce(withdrawn.withdrawn, 0)::int AS "withdrawn"
  FROM p
  LEFT JOIN concluded USING (n)
  LEFT JOIN proposed USING (n)
  LEFT JOIN decided USING (n)
  LEFT JOIN withdrawn USING (n)
  ORDER BY p.n`;
  return { sql, params };
}

/** The statement's values: the periods' starts and ends, then the filters' values. */
export function leniencyCountsParams(periods: PeriodRange[], filterParams: string[]): unknown[] {
  return [periods.map((p) => p.start.toISOString()), periods.map((p) => p.end.toISOString()), ...filterParams];
}

@Injectable()
export class StatisticsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The counts of persons in each period, in the periods' order, from one statement. */
  async leniencyCounts(periods: PeriodRange[], filter: LeniencyFilter): Promise<LeniencyCounts[]> {
    const { sql, params } = leniencyCountsSql(filter);
    if (periods.length === 0) return [];
    /*
     * Without JIT: the planner's cost for counting a year of a million records passes jit_above_cost, and
     * compiling the statement took 0.6-1.5 s, more than counting (bench/README.md, "Statistics"). SET LOCAL
     * keeps it to this statement's transaction.
     */
    const rows: (LeniencyCounts & { n: number })[] = await this.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL jit = off`);
      return m.query(sql, leniencyCountsParams(periods, params));
    });
    return periods.map((_, i) => {
      const row = rows.find((r) => r.n === i + 1);
      if (!row) return { ...ZERO_COUNTS };
      const { n: _n, ...counts } = row;
      return counts;
    });
  }
}
