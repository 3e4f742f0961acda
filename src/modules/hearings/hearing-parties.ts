import { DateTime } from 'luxon';
import { unique } from '../../common/collections';
import { byResourceId, type ResourceClaim } from '../../kernel/scheduling/reservations';

/** A case as booking sees it: where it is heard and prosecuted, and who is accused and defends them. */
export interface CaseParties {
  caseId: string;
  courtId: string;
  procuratorateId: string;
  prosecutorId: string;
  defendants: {
    defendantId: string;
    defenseLawyerId: string | null;
    detentionCenterId: string;
    custodyStatus: 'detained' | 'released';
  }[];
}

/** The parties of a hearing after defaults are applied. */
export interface ResolvedParties {
  prosecutorId: string;
  defendantIds: string[];
  defenseLawyerIds: string[];
}

/**
 * Parties left out of a booking default from the case: its prosecutor, all its defendants, and the lawyers of
 * the defendants who attend (each once). Given parties are kept as given (de-duplicated); they are validated
 * elsewhere. Pure: used by HearingBookingService and the sittings planner.
 */
export function defaultParties(
  kase: CaseParties,
  given: { prosecutorId?: string | null; defendantIds?: string[] | null; defenseLawyerIds?: string[] | null },
): ResolvedParties {
  const defendantIds = given.defendantIds ? unique(given.defendantIds) : kase.defendants.map((d) => d.defendantId);
  const defenseLawyerIds = given.defenseLawyerIds
    ? unique(given.defenseLawyerIds)
    : unique(
        kase.defendants
          .filter((d) => defendantIds.includes(d.defendantId) && d.defenseLawyerId !== null)
          .map((d) => d.defenseLawyerId!),
      );
  return { prosecutorId: given.prosecutorId ?? kase.prosecutorId, defendantIds, defenseLawyerIds };
}

export interface HearingPlan {
  startsAt: DateTime;
  endsAt: DateTime;
  courtroomId: string | null;
  judgeId: string | null;
  prosecutorId: string | null;
  defenseLawyerIds: string[];
  defendantIds: string[];
  videoRoomId: string | null;
  /** The detention center's escort buffer: the video room is held this long before and after. */
  videoRoomBufferMinutes: number;
}

/** The range a detention center's video room is held for: the hearing widened by the escort buffer. */
export function videoRoomRange(
  startsAt: DateTime,
  endsAt: DateTime,
  bufferMinutes: number,
): { startsAt: DateTime; endsAt: DateTime } {
  return { startsAt: startsAt.minus({ minutes: bufferMinutes }), endsAt: endsAt.plus({ minutes: bufferMinutes }) };
}

/** videoRoomRange on plain instants, in milliseconds (the values are UTC; no luxon on the booking path). */
export function videoRoomRangeMs(
  startsAt: Date,
  endsAt: Date,
  bufferMinutes: number,
): { startsAt: Date; endsAt: Date } {
  return {
    startsAt: new Date(startsAt.getTime() - bufferMinutes * 60_000),
    endsAt: new Date(endsAt.getTime() + bufferMinutes * 60_000),
  };
}

/**
 * Every reservation a hearing needs, one per person and room, sorted by resource id so that concurrent
 * bookings take their locks in the same order (fewer deadlocks).
 */
export function reservationsFor(plan: HearingPlan): ResourceClaim[] {
  const at = { startsAt: plan.startsAt, endsAt: plan.endsAt };
  const claims: ResourceClaim[] = [];
  if (plan.courtroomId) claims.push({ resourceType: 'courtroom', resourceId: plan.courtroomId, ...at });
  if (plan.judgeId) claims.push({ resourceType: 'judge', resourceId: plan.judgeId, ...at });
  if (plan.prosecutorId) claims.push({ resourceType: 'prosecutor', resourceId: plan.prosecutorId, ...at });
  for (const id of new Set(plan.defenseLawyerIds))
    claims.push({ resourceType: 'defense_lawyer', resourceId: id, ...at });
  for (const id of new Set(plan.defendantIds)) claims.push({ resourceType: 'defendant', resourceId: id, ...at });
  if (plan.videoRoomId) {
    claims.push({
      resourceType: 'video_room',
      resourceId: plan.videoRoomId,
      ...videoRoomRange(plan.startsAt, plan.endsAt, plan.videoRoomBufferMinutes),
    });
  }
  return claims.sort(byResourceId);
}
