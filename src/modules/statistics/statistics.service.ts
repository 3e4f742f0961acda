import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '../../common/errors/domain-error';
import type { Actor } from '../../common/http/request-context';
import { OrganizationsRepository } from '../directory/organizations.repository';
import type { LeniencyStatsQuery, LeniencyStatsResponse } from './dto/leniency-stats.dto';
import { figuresRow, LENIENCY_DEFINITIONS, periodsOf } from './leniency-figures';
import { StatisticsRepository } from './statistics.repository';
import { visibleLeniencyFilter, type LeniencyFilter } from './stats-visibility';
import { checkWindow } from './stats-window';

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
    const filter = visibleLeniencyFilter(actor, q);
    const timeZone = await this.zoneOf(filter);
    const periods = periodsOf(from, to, q.groupBy ?? 'none', timeZone);
    const counts = await this.stats.leniencyCounts(periods, filter);
    return {
      definitions: LENIENCY_DEFINITIONS,
      timeZone,
      rows: periods.map((p, i) => figuresRow(p.period, counts[i])),
    };
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
