import type { JoinWindow } from './join-window';
import type { RoomStatus } from './hearing-video.entity';

/*
 * When a hearing's LiveKit room should exist: from ROOM_LEAD_MINUTES before its join window opens (so the room is
 * there when the first participant comes) until the window closes (the hearing closed, cancelled, given its
 * outcome, or an hour past its end). A job makes the room before the window (the sweep, every minute) and deletes
 * it after; an event (booked, moved, cancelled, closed, a first token) runs the same rule at once.
 */

/** Minutes before the join window opens that the room is made. */
export const ROOM_LEAD_MINUTES = 10;

export type RoomAction = 'create' | 'delete' | 'none';

export function roomAction(window: JoinWindow, status: RoomStatus, now: Date): RoomAction {
  const over = !window.open && window.reason === 'closed';
  if (over) return status === 'created' || status === 'failed' ? 'delete' : 'none';
  const due = now.getTime() >= window.opensAt.getTime() - ROOM_LEAD_MINUTES * 60_000;
  return due && status !== 'created' ? 'create' : 'none';
}

/**
 * How long LiveKit keeps the room with nobody in it: until the join window closes (it may be made well before
 * anyone joins), at least 5 minutes, at most a day.
 */
export function emptyTimeoutSeconds(window: JoinWindow, now: Date): number {
  const seconds = Math.ceil((window.closesAt.getTime() - now.getTime()) / 1000);
  return Math.min(86_400, Math.max(300, seconds));
}

/** After the last participant leaves, LiveKit keeps the room this long: a dropped judge can come back. */
export const DEPARTURE_TIMEOUT_SECONDS = 300;
/** The most participants a hearing's room takes (a concentrated sitting's parties come one case at a time). */
export const MAX_PARTICIPANTS = 50;
