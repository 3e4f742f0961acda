import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarException } from './calendar-exception.entity';
import { OpeningHour } from './opening-hour.entity';
import type { CalendarExceptionKind, WeeklyInterval } from './opening-hours';

export interface StoredException {
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

function toStored(e: CalendarException): StoredException {
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

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /**
   * Serialises changes to one organization's calendar until the transaction ends, so that two requests
   * cannot both add a closure to the same date, or interleave two replacements of the weekly hours.
   */
  async lockCalendar(manager: EntityManager, organizationId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('calendar:' || $1::text, 0))`, [organizationId]);
  }

  /** Weekly stretches per organization, sorted by weekday and opening time; organizations with none are absent. */
  async findWeeklyHours(organizationIds: string[], manager?: EntityManager): Promise<Map<string, WeeklyInterval[]>> {
    const out = new Map<string, WeeklyInterval[]>();
    if (organizationIds.length === 0) return out;
    const rows = await this.manager(manager)
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

  async replaceWeeklyHours(manager: EntityManager, organizationId: string, weekly: WeeklyInterval[]): Promise<void> {
    const repo = manager.getRepository(OpeningHour);
    await repo.delete({ organizationId });
    if (weekly.length > 0) await repo.insert(weekly.map((w) => ({ organizationId, ...w })));
  }

  /** Exceptions of these organizations on local dates between `fromDate` and `toDate` inclusive, by date. */
  async findExceptionsBetween(
    organizationIds: string[],
    fromDate: string,
    toDate: string,
    manager?: EntityManager,
  ): Promise<StoredException[]> {
    if (organizationIds.length === 0) return [];
    const rows = await this.manager(manager)
      .getRepository(CalendarException)
      .createQueryBuilder('e')
      .where('e.organization_id = ANY(:ids)', { ids: organizationIds })
      .andWhere('e.date BETWEEN :fromDate AND :toDate', { fromDate, toDate })
      .orderBy('e.date', 'ASC')
      .addOrderBy('e.opens', 'ASC', 'NULLS FIRST')
      .addOrderBy('e.created_at', 'ASC')
      .getMany();
    return rows.map(toStored);
  }

  async findExceptionsOn(manager: EntityManager, organizationId: string, date: string): Promise<StoredException[]> {
    return this.findExceptionsBetween([organizationId], date, date, manager);
  }

  async findException(organizationId: string, id: string, manager?: EntityManager): Promise<StoredException | null> {
    const row = await this.manager(manager).getRepository(CalendarException).findOneBy({ organizationId, id });
    return row ? toStored(row) : null;
  }

  async insertException(
    manager: EntityManager,
    e: {
      organizationId: string;
      date: string;
      kind: CalendarExceptionKind;
      opens: string | null;
      closes: string | null;
      reason: string;
    },
  ): Promise<StoredException> {
    const repo = manager.getRepository(CalendarException);
    const saved = await repo.save(repo.create(e));
    return (await this.findException(e.organizationId, saved.id, manager))!;
  }

  async deleteException(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(CalendarException).delete({ id });
  }
}
