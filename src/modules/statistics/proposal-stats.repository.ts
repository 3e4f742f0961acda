import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DistanceCount } from './proposal-accuracy';
import type { LeniencyFilter } from './stats-visibility';
import type { LocalWindow } from './stats-window';

/*
 * As the leniency counts (statistics.repository.ts): every record carries its procuratorate, court and prosecutor
 * (the case's until the conclusion, then frozen: migration LeniencyScopeStamped), so no join with cases.
 */
const FILTER = `
  ($3::uuid IS NULL OR r.procuratorate_id = $3)
  AND ($4::uuid IS NULL OR r.court_id = $4)
  AND ($5::uuid IS NULL OR r.prosecutor_id = $5)`;

/*
 * The decided records of the window (decision date, local date in the procuratorate's zone; the index range $1..$2
 * first), each with its last proposal (highest position), counted per penalty, kind and signed distance in months
 * between that proposal and the sentence (the rule: proposal-accuracy.ts).
 */
const DISTANCE_COUNTS_SQL = `
  SELECT lp.penalty, lp.kind, d.distance::int AS "distance", count(*)::int AS "count"
  FROM leniency_records r
  JOIN organizations proc ON proc.id = r.procuratorate_id
  CROSS JOIN LATERAL (
    SELECT p.kind, p.penalty, p.term_months, p.min_months, p.max_months
    FROM leniency_proposals p WHERE p.record_id = r.id ORDER BY p.position DESC LIMIT 1
  ) lp
  CROSS JOIN LATERAL (
    SELECT CASE
      WHEN lp.kind = 'definite' THEN r.sentence_months - coalesce(lp.term_months, 0)
      WHEN r.sentence_months < lp.min_months THEN r.sentence_months - lp.min_months
      WHEN r.sentence_months > lp.max_months THEN r.sentence_months - lp.max_months
      ELSE 0
    END AS distance
  ) d
  WHERE r.decided_at >= $1 AND r.decided_at < $2
    AND (r.decided_at AT TIME ZONE proc.time_zone)::date BETWEEN $6::date AND $7::date
    AND ${FILTER}
  GROUP BY 1, 2, 3`;

@Injectable()
export class ProposalStatsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** How many records decided in the window had each penalty, proposal kind and distance, from one statement. */
  async distanceCounts(window: LocalWindow, filter: LeniencyFilter): Promise<DistanceCount[]> {
    return this.dataSource.query(DISTANCE_COUNTS_SQL, [
      window.start.toISOString(),
      window.end.toISOString(),
      filter.procuratorateId,
      filter.courtId,
      filter.prosecutorId,
      window.from,
      window.to,
    ]);
  }
}
