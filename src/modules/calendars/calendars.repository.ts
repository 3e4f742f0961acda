import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { managerOf, type Transaction } from '../../platform/database/transaction';
import { CalendarException } from './calendar-exception.entity';
import { OpeningHour } from './opening-hour.entity';
import type { CalendarExceptionKind, DayException, WeeklyInterval } from './opening-hours';

/** A closure or a changed working day on one local date of an organization. */
export interface CalendarExceptionRecord {
  id: string;
  organizationId: string;
  date: string;
  kind: CalendarExceptionKind;
  opens: string | null;
  closes: string | null;
  reason: string;
  createdAt: Date;
}

/** PostgreSQL `time` comes back as "08:30:00"; the API speaks "08:30". */
function hhmm(value: string | null): string | null {
  return value === null ? null : value.slice(0, 5);
}

/** Weekly hours by organization and the exceptions of a date window: what the hours check reads. */
export interface HoursBetween {
  weekly: Map<string, WeeklyInterval[]>;
  exceptions: (DayException & { organizationId: string })[];
}

/** The row hoursBetweenColumns selects. */
export interface HoursBetweenRow {
  weekly: { organizationId: string; weekday: number; opens: string; closes: string }[];
  exceptions: (DayException & { organizationId: string })[];
}

/**
 * The columns `weekly` and `exceptions` (JSON) of findHoursBetween, for the organizations of the SQL expression
 * `orgIds` (a uuid[]) and the local dates `fromDate`..`toDate`: for a caller that reads them in the same statement
 * as other facts (a booking); toHoursBetween reads the row.
 */
export function hoursBetweenColumns(orgIds: string, fromDate: string, toDate: string): string {
  return `COALESCE((SELECT json_agg(json_build_object('organizationId', h.organization_id, 'weekday', h.weekday,
                                                     'opens', h.opens, 'closes', h.closes)
                                   ORDER BY h.weekday, h.opens)
                     FROM opening_hours h WHERE h.organization_id = ANY(${orgIds}::uuid[])), '[]') AS weekly,
          COALESCE((SELECT json_agg(json_build_object('organizationId', e.organization_id, 'date', e.date,
                                                     'kind', e.kind, 'opens', e.opens, 'closes', e.closes,
                                                     'reason', e.reason)
                                   ORDER BY e.date, e.opens NULLS FIRST, e.created_at)
                     FROM calendar_exceptions e
                    WHERE e.organization_id = ANY(${orgIds}::uuid[])
                      AND e.date BETWEEN (${fromDate})::date AND (${toDate})::date), '[]') AS exceptions`;
}

export function toHoursBetween(row: HoursBetweenRow): HoursBetween {
  const weekly = new Map<string, WeeklyInterval[]>();
  for (const r of row.weekly) {
    const list = weekly.get(r.organizationId) ?? [];
    list.push({ weekday: r.weekday, opens: hhmm(r.opens)!, closes: hhmm(r.closes)! });
    weekly.set(r.organizationId, list);
  }
  const exceptions = row.exceptions.map((e) => ({ ...e, opens: hhmm(e.opens), closes: hhmm(e.closes) }));
  return { weekly, exceptions };
}

function toRecord(e: CalendarException): CalendarExceptionRecord {
  return {
    id: e.id,
    organizationId: e.organizationId,
    date: e.date,
    kind: e.kind,
    opens: hhmm(e.opens),
    closes: hhmm(e.closes),
    reason: e.reason,
    createdAt: e.createdAt,
  };
}

@Injectable()
export class CalendarsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: Transaction) {
    return tx ? managerOf(tx) : this.dataSource.manager;
  }

  /**
   * Serialises changes to one organization's calendar until the transaction ends, so that two requests
   * cannot both add a closure to the same date, or interleave two replacements of the weekly hours.
   */
  async lockCalendar(tx: Transaction, organizationId: string): Promise<void> {
    await managerOf(tx).query(`SELECT pg_advisory_xact_lock(hashtextextended('calendar:' || $1::text, 0))`, [
      organizationId,
    ]);
  }

  /** Weekly stretches per organization, sorted by weekday and opening time; organizations with none are absent. */
  async findWeeklyHours(organizationIds: string[], tx?: Transaction): Promise<Map<string, WeeklyInterval[]>> {
    const out = new Map<string, WeeklyInterval[]>();
    if (organizationIds.length === 0) return out;
    const rows = await this.manager(tx)
      .getRepository(OpeningHour)
      .createQueryBuilder('h')
      .where('h.organization_id = ANY(:ids)', { ids: organizationIds })
      .orderBy('h.weekday', 'ASC')
      .addOrderBy('h.opens', 'ASC')
      .getMany();
    for (const r of rows) {
      const list = out.get(r.organizationId) ?? [];
      list.push({ weekday: r.weekday, opens: hhmm(r.opens)!, closes: hhmm(r.closes)! });
      out.set(r.organizationId, list);
    }
    return out;
  }

  async replaceWeeklyHours(tx: Transaction, organizationId: string, weekly: WeeklyInterval[]): Promise<void> {
    const repo = managerOf(tx).getRepository(OpeningHour);
    await repo.delete({ organizationId });
    if (weekly.length > 0) await repo.insert(weekly.map((w) => ({ organizationId, ...w })));
  }

  /** Exceptions of these organizations on local dates between `fromDate` and `toDate` inclusive, by date. */
  async findExceptionsBetween(
    organizationIds: string[],
    fromDate: string,
    toDate: string,
    tx?: Transaction,
  ): Promise<CalendarExceptionRecord[]> {
    if (organizationIds.length === 0) return [];
    const rows = await this.manager(tx)
      .getRepository(CalendarException)
      .createQueryBuilder('e')
      .where('e.organization_id = ANY(:ids)', { ids: organizationIds })
      .andWhere('e.date BETWEEN :fromDate AND :toDate', { fromDate, toDate })
      .orderBy('e.date', 'ASC')
      .addOrderBy('e.opens', 'ASC', 'NULLS FIRST')
      .addOrderBy('e.created_at', 'ASC')
      .getMany();
    return rows.map(toRecord);
  }

  /**
   * findWeeklyHours and findExceptionsBetween in one round trip, for checking hours: the exceptions carry what
   * the rules need (no id, no creation time), in the same order.
   */
  async findHoursBetween(
    organizationIds: string[],
    fromDate: string,
    toDate: string,
    tx?: Transaction,
  ): Promise<HoursBetween> {
    if (organizationIds.length === 0) return { weekly: new Map(), exceptions: [] };
    const [row]: HoursBetweenRow[] = await this.manager(tx).query(`SELECT ${hoursBetweenColumns('$1', '$2', '$3')}`, [
      organizationIds,
      fromDate,
      toDate,
    ]);
    return toHoursBetween(row);
  }

  async findExceptionsOn(tx: Transaction, organizationId: string, date: string): Promise<CalendarExceptionRecord[]> {
    return this.findExceptionsBetween([organizationId], date, date, tx);
  }

  async findException(organizationId: string, id: string, tx?: Transaction): Promise<CalendarExceptionRecord | null> {
    const row = await this.manager(tx).getRepository(CalendarException).findOneBy({ organizationId, id });
    return row ? toRecord(row) : null;
  }

  async insertException(
    tx: Transaction,
    e: {
      organizationId: string;
      date: string;
      kind: CalendarExceptionKind;
      opens: string | null;
      closes: string | null;
      reason: string;
    },
  ): Promise<CalendarExceptionRecord> {
    const repo = managerOf(tx).getRepository(CalendarException);
    const saved = await repo.save(repo.create(e));
    return (await this.findException(e.organizationId, saved.id, tx))!;
  }

  async deleteException(tx: Transaction, id: string): Promise<void> {
    await managerOf(tx).getRepository(CalendarException).delete({ id });
  }
}
