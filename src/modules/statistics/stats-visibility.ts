import { ForbiddenError } from '../../common/errors/domain-error';
import type { Actor } from '../../common/http/request-context';

/*
 * Whose figures a caller may see: least privilege, decided before anything is counted. Each function takes the
 * filters the caller asked for and answers the filters to count with, the caller's own organization forced in;
 * asking for another organization's figures → 403.
 */

/** Which plea-leniency records count: the procuratorate, court and prosecutor of each record. */
export interface LeniencyFilter {
  procuratorateId: string | null;
  courtId: string | null;
  prosecutorId: string | null;
}

/** Admins all; a prosecutor their procuratorate's records; clerks and judges their court's; others none. */
export function visibleLeniencyFilter(
  actor: Actor,
  q: { procuratorateId?: string; courtId?: string; prosecutorId?: string },
): LeniencyFilter {
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

/**
 * Which hearings count: those of the cases of a court or a procuratorate, and a detention center's (in one of its
 * video rooms, or with a defendant it holds).
 */
export interface HearingFilter {
  courtId: string | null;
  procuratorateId: string | null;
  detentionCenterId: string | null;
}

/**
 * Admins all; clerks and judges their court's hearings; prosecutors the hearings of their procuratorate's cases;
 * detention officers their center's; lawyers none.
 */
export function visibleHearingFilter(actor: Actor, q: { courtId?: string; detentionCenterId?: string }): HearingFilter {
  const filter: HearingFilter = {
    courtId: q.courtId ?? null,
    procuratorateId: null,
    detentionCenterId: q.detentionCenterId ?? null,
  };
  switch (actor.role) {
    case 'admin':
      return filter;
    case 'clerk':
    case 'judge':
      if (filter.courtId !== null && filter.courtId !== actor.organizationId)
        throw new ForbiddenError("Clerks and judges see only their court's statistics");
      return { ...filter, courtId: actor.organizationId };
    case 'prosecutor':
      return { ...filter, procuratorateId: actor.organizationId };
    case 'detention_officer':
      if (filter.detentionCenterId !== null && filter.detentionCenterId !== actor.organizationId)
        throw new ForbiddenError("Detention officers see only their center's statistics");
      return { ...filter, detentionCenterId: actor.organizationId };
    case 'lawyer':
      throw new ForbiddenError('Hearing statistics are for admins, clerks, judges, prosecutors and detention officers');
  }
}
