import type { LiveState } from './live-transitions';
import { isWaiting, rightsFor, type VideoRole } from './video-grants';

/*
 * Presence and attendance from a participant's connections (sessions): each connection is LiveKit's participant
 * sid, with the time it joined and the time it left, as the webhooks told (in any order; a missing end is a
 * connection still open, until an event or the reconciliation says otherwise).
 *
 * - Presence: `not_joined` (never connected), `disconnected` (connected before, no connection open now), and for an
 *   open connection to the hearing's room `waiting` (in the waiting room: the live state gives their role no
 *   rights) or `in_hearing`; connected to the consultation room only, `in_consultation`.
 *   `since`: when the open connection joined, or when the last one left.
 * - Attendance: every connection with its length in seconds (to now for one still open).
 */

export type PresenceStatus = 'not_joined' | 'waiting' | 'in_hearing' | 'in_consultation' | 'disconnected';

export interface Session {
  joinedAt: Date | null;
  leftAt: Date | null;
  /** A connection to the consultation room rather than the hearing's. */
  consultation?: boolean;
}

export function isOpen(s: Session): boolean {
  return s.joinedAt !== null && s.leftAt === null;
}

export function presenceOf(
  sessions: readonly Session[],
  role: VideoRole,
  live: LiveState,
  kind: string,
): { status: PresenceStatus; since: Date | null } {
  if (sessions.length === 0) return { status: 'not_joined', since: null };
  const open = sessions.filter(isOpen).sort((a, b) => a.joinedAt!.getTime() - b.joinedAt!.getTime());
  const inHearing = open.filter((s) => !s.consultation);
  if (inHearing.length > 0) {
    const status = isWaiting(rightsFor(role, live, kind)) ? 'waiting' : 'in_hearing';
    return { status, since: inHearing[0].joinedAt };
  }
  if (open.length > 0) return { status: 'in_consultation', since: open[0].joinedAt };
  const lastLeft = sessions.reduce<Date | null>(
    (last, s) => (s.leftAt && (!last || s.leftAt > last) ? s.leftAt : last),
    null,
  );
  return { status: 'disconnected', since: lastLeft };
}

/** A connection's length in whole seconds: to `now` while open; null when its start is unknown. */
export function sessionSeconds(s: Session, now: Date): number | null {
  if (!s.joinedAt) return null;
  const end = s.leftAt ?? now;
  return Math.max(0, Math.round((end.getTime() - s.joinedAt.getTime()) / 1000));
}
