import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { ForbiddenError, ValidationFailedError } from '../../common/errors/domain-error';
import type { Actor } from '../../common/http/request-context';
import { assertAcceptedDate } from '../../common/time/accepted-range';
import { OrganizationsRepository } from '../directory/organizations.repository';
import type { LeniencyStatsQuery, LeniencyStatsResponse } from './dto/leniency-stats.dto';
import { figuresRow, LENIENCY_DEFINITIONS, periodsOf } from './leniency-figures';
import { StatisticsRepository, type LeniencyFilter } from './statistics.repository';

/** The longest window a statistics query may span (from + 5 years, exclusive). */
export const MAX_WINDOW_YEARS = 5;

@Injectable()
export class StatisticsService {
  constructor(
    private readonly stats: StatisticsRepository,
    private readonly organizations: OrganizationsRepository,
  ) {}

  /**
   * The plea-leniency figures per period, over the records the actor may see: admins all, a prosecutor their
   * procuratorate's, clerks and judges their court's (asking for another organization's → 403).
   */
  async leniency(actor: Actor, q: LeniencyStatsQuery): Promise<LeniencyStatsResponse> {
    const { from, to } = checkWindow(q.from, q.to);
    const filter = this.visibleFilter(actor, q);
    const timeZone = await this.zoneOf(filter);
    const periods = periodsOf(from, to, q.groupBy ?? 'none', timeZone);
    const counts = await this.stats.leniencyCounts(periods, filter);
    return {
      definitions: LENIENCY_DEFINITIONS,
      timeZone,
      rows: periods.map((p, i) => figuresRow(p.period, counts[i])),
    };
  }

  private visibleFilter(actor: Actor, q: LeniencyStatsQuery): LeniencyFilter {
    const filter: LeniencyFilter = {
      procuratorateId: q.procuratorateId ?? null,
      courtId: q.courtId ?? null,
      prosecutorId: q.prosecutorId ?? null,
    };
    switch (actor.role) {
      case 'admin':
        return filter;
      case 'prosecutor':
        if (filter.procuratorateId !== null && filter.procuratorateId !== actor.organizationId)
          throw new ForbiddenError("A prosecutor sees only their procuratorate's statistics");
        return { ...filter, procuratorateId: actor.organizationId };
      case 'clerk':
      case 'judge':
        if (filter.courtId !== null && filter.courtId !== actor.organizationId)
          throw new ForbiddenError("Clerks and judges see only their court's statistics");
        return { ...filter, courtId: actor.organizationId };
      default:
        throw new ForbiddenError('Statistics are for admins, prosecutors, clerks and judges');
    }
  }

  /** The procuratorate's zone when there is one, else the court's, else UTC. */
  private async zoneOf(filter: LeniencyFilter): Promise<string> {
    for (const [field, id, kind] of [
      ['procuratorateId', filter.procuratorateId, 'procuratorate'],
      ['courtId', filter.courtId, 'court'],
    ] as const) {
      if (id === null) continue;
      const org = await this.organizations.findById(id);
      if (!org || org.kind !== kind) throw ValidationFailedError.field(field, `must be the id of a ${kind}`);
      return org.timeZone;
    }
    return 'UTC';
  }
}

function checkWindow(from: string, to: string): { from: string; to: string } {
  assertAcceptedDate(from, 'from');
  assertAcceptedDate(to, 'to');
  const first = DateTime.fromISO(from, { zone: 'utc' });
  const last = DateTime.fromISO(to, { zone: 'utc' });
  if (last < first) throw ValidationFailedError.field('to', 'must not be before from');
  if (last >= first.plus({ years: MAX_WINDOW_YEARS }))
    throw ValidationFailedError.field('to', `the window may span at most ${MAX_WINDOW_YEARS} years`);
  return { from, to };
}
