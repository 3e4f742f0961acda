import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ZERO_COUNTS, type LeniencyCounts } from './leniency-figures';

/** Which records count: each filter is the case's organization or prosecutor (frozen at the conclusion). */
export interface LeniencyFilter {
  procuratorateId: string | null;
  courtId: string | null;
  prosecutorId: string | null;
}

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
 * The statement for the filters that are set: one aggregate per figure family over the records whose date lies in
 * the window [$2, $3), each row put in its period by `width_bucket` over the periods' starts ($1: the periods are
 * contiguous, so the n-th start is where the n-th period begins); periods with nothing get zeros. A record carries
 * its procuratorate, court and prosecutor (the case's, frozen at the conclusion:
 * migrations/1764501200000-LeniencyScopeStamped.ts), so no count joins `cases`, and each count is one range scan of
 * an index on (filter column, date) or (date). The window and the filters are the statement's own values (an
 * unnamed statement is planned with them), so the planner knows how many rows each range holds; only the filters
 * given are written into the statement, their values $4, $5, ... in order.
 */
export function leniencyCountsSql(filter: LeniencyFilter): { sql: string; params: string[] } {
  const conditions: string[] = [];
  const params: string[] = [];
  for (const [key, column] of SCOPE_COLUMNS) {
    const value = filter[key];
    if (value === null) continue;
    params.push(value);
    conditions.push(`r.${column} = $${params.length + 3}`);
  }
  const and = conditions.map((c) => ` AND ${c}`).join('');
  const inWindow = (date: string) => `${date} >= $2 AND ${date} < $3`;
  // The proposals carry no scope of their own (they are append-only): their record's is read when one is filtered
  // on, from the records first proposed before the window's end (a record's later proposals come after its first).
  const proposalsScope =
    conditions.length > 0 ? `JOIN leniency_records r ON r.id = lp.record_id AND r.proposed_at < $3${and}` : '';
  const sql = `
  WITH concluded AS (
    SELECT width_bucket(r.concluded_at, $1::timestamptz[]) AS n,
      count(*) AS persons_concluded, count(*) FILTER (WHERE r.leniency_applied) AS persons_with_leniency
    FROM leniency_records r WHERE ${inWindow('r.concluded_at')}${and}
    GROUP BY 1
  ),
  proposed AS (
    SELECT width_bucket(lp.proposed_at, $1::timestamptz[]) AS n,
      count(*) AS proposals, count(*) FILTER (WHERE lp.kind = 'definite') AS definite_proposals
    FROM leniency_proposals lp ${proposalsScope}
    WHERE ${inWindow('lp.proposed_at')}
    GROUP BY 1
  ),
  decided AS (
    SELECT width_bucket(r.decided_at, $1::timestamptz[]) AS n,
      count(*) AS proposals_ruled,
      count(*) FILTER (WHERE r.decision IN ('adopted', 'adopted_after_adjustment')) AS adopted,
      count(*) FILTER (WHERE r.decision = 'adopted_after_adjustment') AS adopted_after_adjustment,
      count(*) FILTER (WHERE r.proposal_kind = 'definite') AS definite_ruled,
      count(*) FILTER (WHERE r.proposal_kind = 'definite' AND r.decision IN ('adopted', 'adopted_after_adjustment'))
        AS definite_adopted
    FROM leniency_records r WHERE ${inWindow('r.decided_at')}${and}
    GROUP BY 1
  ),
  withdrawn AS (
    SELECT width_bucket(r.withdrawn_at, $1::timestamptz[]) AS n, count(*) AS withdrawn
    FROM leniency_records r WHERE ${inWindow('r.withdrawn_at')}${and}
    GROUP BY 1
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
  FROM generate_series(1, cardinality($1::timestamptz[])) AS p(n)
  LEFT JOIN concluded USING (n)
  LEFT JOIN proposed USING (n)
  LEFT JOIN decided USING (n)
  LEFT JOIN withdrawn USING (n)
  ORDER BY p.n`;
  return { sql, params };
}

/** The statement's values: the periods' starts, the window, then the filters' values. */
export function leniencyCountsParams(periods: PeriodRange[], filterParams: string[]): unknown[] {
  return [
    periods.map((p) => p.start.toISOString()),
    periods[0].start.toISOString(),
    periods[periods.length - 1].end.toISOString(),
    ...filterParams,
  ];
}

@Injectable()
export class StatisticsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The counts of persons in each period, in the periods' order, from one statement. */
  async leniencyCounts(periods: PeriodRange[], filter: LeniencyFilter): Promise<LeniencyCounts[]> {
    const { sql, params } = leniencyCountsSql(filter);
    if (periods.length === 0) return [];
    const rows: (LeniencyCounts & { n: number })[] = await this.dataSource.query(
      sql,
      leniencyCountsParams(periods, params),
    );
    return periods.map((_, i) => {
      const row = rows.find((r) => r.n === i + 1);
      if (!row) return { ...ZERO_COUNTS };
      const { n: _n, ...counts } = row;
      return counts;
    });
  }
}
