import type { DateTime } from 'luxon';
import type { ResourceType } from './reservation.entity';

/** One person or room to hold for a half-open range [startsAt, endsAt). */
export interface ResourceClaim {
  resourceType: ResourceType;
  resourceId: string;
  startsAt: DateTime;
  endsAt: DateTime;
}

/** A reservation that holds a resource inside a window (the video room's range includes the escort buffer). */
export interface BusyReservation {
  resourceType: ResourceType;
  resourceId: string;
  hearingId: string;
  startsAt: Date;
  endsAt: Date;
}

/** One person or room that is already held, and by which hearing. Never more than the id and times. */
export interface ReservationClash {
  resourceType: ResourceType;
  resourceId: string;
  hearingId: string;
  /** The holding hearing's own times (UTC, ISO 8601), not the buffered range of a video room. */
  startsAt: string;
  endsAt: string;
}

/**
 * What tryReserve did: every claim held; a clash (another hearing holds one, the transaction stays usable); or
 * aborted (a deadlock in a transaction without savepoint: it must be given up and run again).
 */
export type ReserveOutcome = 'reserved' | 'clash' | 'aborted';

/** Sorted by resource id: the order every booking takes its locks in (fewer deadlocks). */
export function byResourceId(a: ResourceClaim, b: ResourceClaim): number {
  return a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : 0;
}
