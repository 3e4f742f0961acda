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

/*
 * A record's procuratorate, court and prosecutor are stamped at the conclusion; before it (a proposal, a withdrawal
 * during review) they are the case's.
 */
const FILTER = `
  ($3::uuid IS NULL OR coalesce(r.procuratorate_id, c.procuratorate_id) = $3)
  AND ($4::uuid IS NULL OR coalesce(r.court_id, c.court_id) = $4)
  AND ($5::uuid IS NULL OR coalesce(r.prosecutor_id, c.prosecutor_id) = $5)`;

/** One aggregate per figure family, each bucketing its date into the periods; periods with nothing get zeros. */
const LENIENCY_COUNTS_SQL = `
  WITH p AS (
    SELECT start_at, end_at, n FROM unnest($1::timestamptz[], $2::timestamptz[]) WITH ORDINALITY AS p(start_at, end_at, n)
  ),
  concluded AS (
    SELECT p.n, count(*) AS persons_concluded, count(*) FILTER (WHERE r.leniency_applied) AS persons_with_leniency
    FROM p JOIN leniency_records r ON r.concluded_at >= p.start_at AND r.concluded_at < p.end_at
    JOIN cases c ON c.id = r.case_id
    WHERE ${FILTER}
    GROUP BY p.n
  ),
  proposed AS (
    SELECT p.n, count(*) AS proposals, count(*) FILTER (WHERE lp.kind = 'definite') AS definite_proposals
    FROM p JOIN leniency_proposals lp ON lp.proposed_at >= p.start_at AND lp.proposed_at < p.end_at
    JOIN leniency_records r ON r.id = lp.record_id
    JOIN cases c ON c.id = r.case_id
    WHERE ${FILTER}
    GROUP BY p.n
  ),
  decided AS (
    SELECT p.n,
      count(*) AS proposals_ruled,
      count(*) FILTER (WHERE r.decision IN ('adopted', 'adopted_after_adjustment')) AS adopted,
      count(*) FILTER (WHERE r.decision = 'adopted_after_adjustment') AS adopted_after_adjustment,
      count(*) FILTER (WHERE r.proposal_kind = 'definite') AS definite_ruled,
      count(*) FILTER (WHERE r.proposal_kind = 'definite' AND r.decision IN ('adopted', 'adopted_after_adjustment'))
        AS definite_adopted
    FROM p JOIN leniency_records r ON r.decided_at >= p.start_at AND r.decided_at < p.end_at
    JOIN cases c ON c.id = r.case_id
    WHERE ${FILTER}
    GROUP BY p.n
  ),
  withdrawn AS (
    SELECT p.n, count(*) AS withdrawn
    FROM p JOIN leniency_records r ON r.withdrawn_at >= p.start_at AND r.withdrawn_at < p.end_at
    JOIN cases c ON c.id = r.case_id
    WHERE ${FILTER}
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

@Injectable()
export class StatisticsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The counts of persons in each period, in the periods' order, from one statement. */
  async leniencyCounts(periods: PeriodRange[], filter: LeniencyFilter): Promise<LeniencyCounts[]> {
    const rows: (LeniencyCounts & { n: number })[] = await this.dataSource.query(LENIENCY_COUNTS_SQL, [
      periods.map((p) => p.start.toISOString()),
      periods.map((p) => p.end.toISOString()),
      filter.procuratorateId,
      filter.courtId,
      filter.prosecutorId,
    ]);
    return periods.map((_, i) => {
      const row = rows.find((r) => r.n === i + 1);
      if (!row) return { ...ZERO_COUNTS };
      const { n: _n, ...counts } = row;
      return counts;
    });
  }
}
