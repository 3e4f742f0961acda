import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/http/request-context';
import { OrganizationsRepository } from '../directory/organizations.repository';
import { UsersRepository } from '../users/users.repository';
import type { ProposalStatsQuery, ProposalStatsResponse } from './dto/proposal-stats.dto';
import { accuracyRows, PROPOSAL_DEFINITIONS } from './proposal-accuracy';
import { ProposalStatsRepository } from './proposal-stats.repository';
import { assertUserOfRole, organizationOfKind } from './stats-lookups';
import { visibleLeniencyFilter } from './stats-visibility';
import { localWindow } from './stats-window';

@Injectable()
export class ProposalStatsService {
  constructor(
    private readonly stats: ProposalStatsRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly users: UsersRepository,
  ) {}

  /**
   * How accurate the sentencing proposals of the records decided in the window were, over the records the actor
   * may see as for the leniency figures: admins all, a prosecutor their procuratorate's, clerks and judges their
   * court's.
   */
  async proposals(actor: Actor, q: ProposalStatsQuery): Promise<ProposalStatsResponse> {
    const window = localWindow(q.from, q.to);
    const filter = visibleLeniencyFilter(actor, { procuratorateId: q.procuratorateId, prosecutorId: q.prosecutorId });
    const procuratorate =
      filter.procuratorateId === null
        ? null
        : await organizationOfKind(this.organizations, 'procuratorateId', filter.procuratorateId, 'procuratorate');
    if (filter.prosecutorId !== null)
      await assertUserOfRole(this.users, 'prosecutorId', filter.prosecutorId, 'prosecutor');
    return {
      definitions: PROPOSAL_DEFINITIONS,
      timeZone: procuratorate?.timeZone ?? null,
      rows: accuracyRows(await this.stats.distanceCounts(window, filter)),
    };
  }
}
