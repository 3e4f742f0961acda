import { DateTime, IANAZone, Interval } from 'luxon';
import {
  fromIntervals,
  type HoursRule,
  MINUTE,
  StartSet,
  startsWithinHours,
  withoutBusy,
} from '../../kernel/scheduling/start-times';

export interface VideoRoomCandidate {
  id: string;
  /** The room's existing reservations (already widened by their own escort buffers, as stored). */
  busy: readonly Interval[];
}

export interface SlotSearch {
  durationMinutes: number;
  /** Starts fall on this grid of the `zone`'s wall clock (minute of the day divisible by it). */
  gridMinutes: number;
  zone: string;
  /** Every slot lies inside [from, to). */
  window: Interval;
  limit: number;
  /** Existing engagements of every person and room attending, other than the video room. */
  busy: readonly Interval[];
  /** One rule per organization whose hours apply (court, procuratorate, detention center with its buffer). */
  hours: readonly HoursRule[];
  /**
   * When the hearing needs a video room: the candidates in order of preference and the escort buffer the room is
   * held for on each side. The first candidate free at a start is returned for it.
   */
  videoRoom?: { bufferMinutes: number; candidates: readonly VideoRoomCandidate[] };
}

export interface Slot {
  startsAt: DateTime;
  endsAt: DateTime;
  videoRoomId: string | null;
}

/**
 * The earliest starts, on the grid, at which every party is free, every organization is open and (when one is
 * needed) a video room is free with its escort buffer. Pure: the caller loads the busy ranges and hours.
 */
export function findSlots(search: SlotSearch): Slot[] {
  const duration = search.durationMinutes * MINUTE;
  const window = fromIntervals([search.window])[0];
  if (!window || search.limit <= 0 || duration <= 0) return [];

  const common: StartSet = withoutBusy(
    startsWithinHours(window, duration, search.hours),
    fromIntervals(search.busy),
    duration,
  );

  const grid = new Grid(search.gridMinutes, search.zone);
  if (!search.videoRoom) {
    return grid.take(common, search.limit).map((t) => slot(t, duration, null));
  }

  const buffer = search.videoRoom.bufferMinutes * MINUTE;
  // Earliest first over all rooms: each room's own grid starts, merged; at a start several rooms share, the first
  // candidate wins (the order the caller gave, e.g. the room the booking would pick).
  const perRoom = search.videoRoom.candidates.map((room) => ({
    id: room.id,
    starts: grid.take(withoutBusy(common, fromIntervals(room.busy), duration, buffer, buffer), search.limit),
  }));
  const byStart = new Map<number, string>();
  for (const room of perRoom) {
    for (const t of room.starts) if (!byStart.has(t)) byStart.set(t, room.id);
  }
  return [...byStart.entries()]
    .sort((a, b) => a[0] - b[0])
    .slice(0, search.limit)
    .map(([t, roomId]) => slot(t, duration, roomId));
}

function slot(start: number, duration: number, videoRoomId: string | null): Slot {
  return {
    startsAt: DateTime.fromMillis(start, { zone: 'utc' }),
    endsAt: DateTime.fromMillis(start + duration, { zone: 'utc' }),
    videoRoomId,
  };
}

/** Instants whose wall-clock time in `zone` is a whole multiple of the grid (09:00, 09:05, ... for 5 minutes). */
export class Grid {
  private readonly step: number;
  private readonly zone: IANAZone;

  constructor(gridMinutes: number, zone: string) {
    this.step = Math.max(1, Math.floor(gridMinutes)) * MINUTE;
    this.zone = IANAZone.create(zone);
  }

  private offset(t: number): number {
    return this.zone.offset(t) * MINUTE;
  }

  /** The first grid instant at or after `t`. */
  ceil(t: number): number {
    const off = this.offset(t);
    const candidate = Math.ceil((t + off) / this.step) * this.step - off;
    // Across a daylight-saving change the wall clock moves: align on the offset in force at the candidate.
    const offAt = this.offset(candidate);
    if (offAt === off) return candidate;
    const again = Math.ceil((t + offAt) / this.step) * this.step - offAt;
    return again >= t && this.offset(again) === offAt ? again : candidate;
  }

  /** Up to `limit` grid instants inside the set, earliest first. */
  take(set: StartSet, limit: number): number[] {
    const out: number[] = [];
    for (const [lo, hi] of set) {
      for (let t = this.ceil(lo); t <= hi && out.length < limit; t = this.ceil(t + 1)) out.push(t);
      if (out.length >= limit) break;
    }
    return out;
  }
}
