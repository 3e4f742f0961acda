import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { HearingKind } from '../hearings/hearing.entity';
import type { ValueCount } from './averages';
import type { HearingKindCounts } from './hearing-figures';
import type { HearingFilter } from './stats-visibility';
import type { LocalWindow } from './stats-window';

/*
 * A hearing is in the window by its scheduled start, on its local date in the zone of its case's court: first the
 * index range $1..$2 (which holds the window in any zone), then the exact local date.
 */
const IN_WINDOW = `
  h.starts_at >= $1 AND h.starts_at < $2
  AND (h.starts_at AT TIME ZONE court.time_zone)::date BETWEEN $3::date AND $4::date`;

/** The caller's hearings (stats-visibility.ts): the case's court or procuratorate, the center's room or defendant. */
const FILTER = `
  ($5::uuid IS NULL OR c.court_id = $5)
  AND ($6::uuid IS NULL OR c.procuratorate_id = $6)
  AND ($7::uuid IS NULL
       OR EXISTS (SELECT 1 FROM rooms vr WHERE vr.id = h.video_room_id AND vr.organization_id = $7)
       OR EXISTS (SELECT 1 FROM hearing_defendants vhd JOIN defendants vd ON vd.id = vhd.defendant_id
                  WHERE vhd.hearing_id = h.id AND vd.detention_center_id = $7))`;

/** The results, the hearings without an outcome, the cancelled ones and the durations, per kind. */
const HEARING_COUNTS_SQL = `
  SELECT h.kind,
    count(*)::int AS "hearings",
    count(*) FILTER (WHERE o.result = 'held')::int AS "held",
    count(*) FILTER (WHERE o.result = 'adjourned')::int AS "adjourned",
    count(*) FILTER (WHERE o.result = 'defendant_absent')::int AS "defendantAbsent",
    count(*) FILTER (WHERE o.result = 'party_absent')::int AS "partyAbsent",
    count(*) FILTER (WHERE o.result = 'technical_failure')::int AS "technicalFailure",
    count(*) FILTER (WHERE o.id IS NULL AND h.status <> 'cancelled')::int AS "noOutcome",
    count(*) FILTER (WHERE o.id IS NULL AND h.status = 'cancelled')::int AS "cancelled",
    coalesce(sum(extract(epoch FROM h.ends_at - h.starts_at) / 60) FILTER (WHERE h.status <> 'cancelled'), 0)::float8
      AS "scheduledMinutesSum",
    count(*) FILTER (WHERE h.status <> 'cancelled')::int AS "scheduledCount",
    coalesce(sum(extract(epoch FROM o.ended_at - o.started_at) / 60)
      FILTER (WHERE o.started_at IS NOT NULL AND o.ended_at IS NOT NULL), 0)::float8 AS "actualMinutesSum",
    count(*) FILTER (WHERE o.started_at IS NOT NULL AND o.ended_at IS NOT NULL)::int AS "actualCount"
  FROM hearings h
  JOIN cases c ON c.id = h.case_id
  JOIN organizations court ON court.id = c.court_id
  LEFT JOIN hearing_outcomes o ON o.hearing_id = h.id
  WHERE ${IN_WINDOW} AND ${FILTER}
  GROUP BY h.kind`;

/*
 * The days from each case's creation to its first hearing (the earliest start of its hearings not cancelled; ties by
 * id), counted between local dates in the court's zone, per kind of that hearing and number of days: a histogram,
 * so the median is taken without loading the cases. A case entered after its first hearing started (back-filled)
 * has no such wait and is left out.
 */
const DAYS_TO_FIRST_HEARING_SQL = `
  SELECT h.kind,
    ((h.starts_at AT TIME ZONE court.time_zone)::date - (c.created_at AT TIME ZONE court.time_zone)::date)::int
      AS "value",
    count(*)::int AS "count"
  FROM hearings h
  JOIN cases c ON c.id = h.case_id
  JOIN organizations court ON court.id = c.court_id
  WHERE ${IN_WINDOW} AND ${FILTER}
    AND h.status <> 'cancelled'
    AND c.created_at <= h.starts_at
    AND NOT EXISTS (
      SELECT 1 FROM hearings e
      WHERE e.case_id = h.case_id AND e.status <> 'cancelled' AND (e.starts_at, e.id) < (h.starts_at, h.id))
  GROUP BY 1, 2`;

@Injectable()
export class HearingStatsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The counts of the hearings in the window, per kind (kinds with none are absent). */
  async countsByKind(window: LocalWindow, filter: HearingFilter): Promise<Map<HearingKind, HearingKindCounts>> {
    const rows: (HearingKindCounts & { kind: HearingKind })[] = await this.dataSource.query(
      HEARING_COUNTS_SQL,
      this.params(window, filter),
    );
    return new Map(rows.map(({ kind, ...counts }) => [kind, counts]));
  }

  /** Per kind of first hearing, how many cases waited how many days for it. */
  async daysToFirstHearing(window: LocalWindow, filter: HearingFilter): Promise<Map<HearingKind, ValueCount[]>> {
    const rows: (ValueCount & { kind: HearingKind })[] = await this.dataSource.query(
      DAYS_TO_FIRST_HEARING_SQL,
      this.params(window, filter),
    );
    const byKind = new Map<HearingKind, ValueCount[]>();
    for (const { kind, value, count } of rows) byKind.set(kind, [...(byKind.get(kind) ?? []), { value, count }]);
    return byKind;
  }

  private params(window: LocalWindow, filter: HearingFilter): unknown[] {
    return [
      window.start.toISOString(),
      window.end.toISOString(),
      window.from,
      window.to,
      filter.courtId,
      filter.procuratorateId,
      filter.detentionCenterId,
    ];
  }
}
