import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/http/request-context';
import { OrganizationsRepository } from '../directory/organizations.repository';
import type { HearingStatsQuery, HearingStatsResponse } from './dto/hearing-stats.dto';
import { HEARING_DEFINITIONS, hearingFiguresRows } from './hearing-figures';
import { HearingStatsRepository } from './hearing-stats.repository';
import { organizationOfKind } from './stats-lookups';
import { visibleHearingFilter } from './stats-visibility';
import { localWindow } from './stats-window';

@Injectable()
export class HearingStatsService {
  constructor(
    private readonly stats: HearingStatsRepository,
    private readonly organizations: OrganizationsRepository,
  ) {}

  /**
   * The hearing figures of the window over the hearings the actor may see (stats-visibility.ts): each hearing
   * dated by its scheduled start in its court's zone.
   */
  async hearings(actor: Actor, q: HearingStatsQuery): Promise<HearingStatsResponse> {
    const window = localWindow(q.from, q.to);
    const filter = visibleHearingFilter(actor, q);
    const court =
      filter.courtId === null ? null : await organizationOfKind(this.organizations, 'courtId', filter.courtId, 'court');
    if (filter.detentionCenterId !== null)
      await organizationOfKind(this.organizations, 'detentionCenterId', filter.detentionCenterId, 'detention_center');
    const byKind = await this.stats.countsByKind(window, filter);
    const daysByKind = await this.stats.daysToFirstHearing(window, filter);
    return {
      definitions: HEARING_DEFINITIONS,
      timeZone: court?.timeZone ?? null,
      rows: hearingFiguresRows(byKind, daysByKind),
    };
  }
}
