import type { DateTime } from 'luxon';
import type { HearingKind } from './hearing.entity';

/** How long a hearing may last, in whole minutes: the request DTOs and the booking rules read these. */
export const MIN_DURATION_MINUTES = 5;
export const MAX_DURATION_MINUTES = 480;

/** Who attends a hearing, as a booking request or a slot search names them (left out: the case's defaults). */
export interface PartySelection {
  kind: HearingKind;
  courtroomId?: string | null;
  judgeId?: string | null;
  prosecutorId?: string | null;
  defenseLawyerIds?: string[] | null;
  defendantIds?: string[] | null;
  /** Left out: the first free video room (by name) of the detained defendants' center, buffer considered. */
  videoRoomId?: string | null;
}

/** What to book. Parties left out (undefined or null) default from the case; see defaultParties(). */
export interface BookingInput extends PartySelection {
  caseId: string;
  startsAt: DateTime;
  durationMinutes: number;
  notes?: string | null;
  sittingId?: string | null;
}

/** The fault of a duration outside the limits, named as the booking request names it; null when it is fine. */
export function durationFault(durationMinutes: number): { field: string; message: string } | null {
  return Number.isInteger(durationMinutes) &&
    durationMinutes >= MIN_DURATION_MINUTES &&
    durationMinutes <= MAX_DURATION_MINUTES
    ? null
    : {
        field: 'durationMinutes',
        message: `must be a whole number of minutes from ${MIN_DURATION_MINUTES} to ${MAX_DURATION_MINUTES}`,
      };
}
