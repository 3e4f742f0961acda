import { DateTime, Interval } from 'luxon';
import {
  earliestFrom,
  fromIntervals,
  type HoursRule,
  intersect,
  MINUTE,
  Span,
  StartSet,
  startsInside,
  startsWithinHours,
  withoutBusy,
} from '../../kernel/scheduling/start-times';

/**
 * The concentrated-sitting planner (三集中): one judge, one courtroom and one prosecutor hear many short cases back
 * to back; each case's defendants join from a video room of their detention center, which holds the room for an
 * escort buffer before and after the hearing.
 *
 * Heuristic (list scheduling). The bench (judge, courtroom, prosecutor) hears one case at a time, so a plan is an
 * order plus a room per case. Starting at the window's start, it repeatedly places the remaining case that can
 * start EARLIEST after the previous hearing (plus the gap), in the room of its center that is free earliest
 * (ties: the room used least recently). Because a room is free again only after its buffer, this alternates
 * rooms of one center and centers among themselves, so each case's escort happens while another case is heard.
 * Ties between cases are broken by a priority order; several orders are tried (as given, longest first,
 * shortest first, most constrained first, centers interleaved, plus a few seeded shuffles) and the plan that
 * schedules the most cases with the shortest span wins. Each run is O(cases² × rooms) on interval sets, so the
 * whole search stays in milliseconds for a sitting of dozens of cases.
 *
 * The lower bound of the span is the sum of the scheduled cases' durations and the gaps between them: a plan at
 * the bound has no idle time at all.
 */

export interface PartyBusy {
  /** What the party is, as the API names it: `defendant`, `defense_lawyer`, `judge`, ... */
  resourceType: string;
  resourceId: string;
  busy: readonly Interval[];
}

export interface PlannerCenter {
  id: string;
  bufferMinutes: number;
  open: readonly Interval[];
  /** Video rooms in order of preference, with their existing (buffered) reservations. */
  rooms: ReadonlyArray<{ id: string; busy: readonly Interval[] }>;
}

export interface PlannerCase {
  caseId: string;
  durationMinutes: number;
  /** The detention center whose video room the defendants join from; null when no one joins from one. */
  centerId: string | null;
  /** The case's own parties (defendants, defense lawyers) and when they are busy elsewhere. */
  parties: readonly PartyBusy[];
}

export interface SittingPlanInput {
  window: Interval;
  gapMinutes: number;
  /** The parties every hearing of the sitting shares (judge, courtroom, prosecutor; a plea signing's prosecutor alone). */
  shared: readonly PartyBusy[];
  /** Hours every hearing must fall within (the court's, the procuratorate's; a plea signing's: the procuratorate's). */
  sharedHours: readonly HoursRule[];
  centers: readonly PlannerCenter[];
  cases: readonly PlannerCase[];
  /** Seeded shuffles tried after the fixed orders (default 8). */
  shuffles?: number;
  /**
   * Hear the cases in the order given, each as early as it can go (no search). The baseline the benchmark
   * compares against; not what the API uses.
   */
  keepOrder?: boolean;
}

export interface PlannedHearing {
  caseId: string;
  startsAt: DateTime;
  endsAt: DateTime;
  videoRoomId: string | null;
}

export type UnscheduledCode = 'LONGER_THAN_WINDOW' | 'OUTSIDE_HOURS' | 'PARTY_BUSY' | 'NO_VIDEO_ROOM' | 'WINDOW_FULL';

export interface UnscheduledCase {
  caseId: string;
  code: UnscheduledCode;
  reason: string;
}

export interface SittingPlan {
  /** In the order they are heard. */
  hearings: PlannedHearing[];
  unscheduled: UnscheduledCase[];
  startsAt: DateTime | null;
  endsAt: DateTime | null;
  spanMinutes: number;
  lowerBoundMinutes: number;
  /** The tie-break order that produced the plan (for the report). */
  ordering: string;
}

interface Prepared {
  input: PlannerCase;
  index: number;
  duration: number;
  buffer: number;
  /** Free starts with everything known before planning: hours, the parties' and the shared busy ranges. */
  base: StartSet;
  /** Per room of the case's center, `base` minus that room's existing reservations. */
  rooms: Array<{ id: string; starts: StartSet }>;
  /** Measure of freedom for "most constrained first": total length of the free start ranges. */
  freedom: number;
  centerIndex: number;
}

interface Placement {
  start: number;
  roomId: string | null;
}

export function planSitting(input: SittingPlanInput): SittingPlan {
  const window = fromIntervals([input.window])[0];
  const gap = input.gapMinutes * MINUTE;
  const unscheduled: UnscheduledCase[] = [];
  const prepared: Prepared[] = [];
  const centers = new Map(input.centers.map((c, i) => [c.id, { center: c, index: i }]));

  input.cases.forEach((c, index) => {
    const result = prepare(c, index, window, input, centers);
    if ('code' in result) unscheduled.push(result);
    else prepared.push(result);
  });

  let best: { placed: Array<Placement & { case: Prepared }>; ordering: string } | null = null;
  const tried = input.keepOrder
    ? [{ name: 'kept as given', order: prepared }]
    : orderings(prepared, input.shuffles ?? 8);
  for (const { name, order } of tried) {
    const placed = listSchedule(order, window, gap, input.keepOrder ?? false);
    if (!best || better(placed, best.placed)) best = { placed, ordering: name };
  }

  const placed = best?.placed ?? [];
  const placedIds = new Set(placed.map((p) => p.case.input.caseId));
  for (const p of prepared) {
    if (!placedIds.has(p.input.caseId)) {
      unscheduled.push({
        caseId: p.input.caseId,
        code: 'WINDOW_FULL',
        reason: `it fits the window on its own but not after the other ${placed.length} case(s) of the sitting`,
      });
    }
  }
  // Report the unscheduled cases in the order the clerk listed them.
  const inputOrder = new Map(input.cases.map((c, i) => [c.caseId, i]));
  unscheduled.sort((a, b) => inputOrder.get(a.caseId)! - inputOrder.get(b.caseId)!);

  const hearings = placed.map((p) => ({
    caseId: p.case.input.caseId,
    startsAt: DateTime.fromMillis(p.start, { zone: 'utc' }),
    endsAt: DateTime.fromMillis(p.start + p.case.duration, { zone: 'utc' }),
    videoRoomId: p.roomId,
  }));
  const first = hearings[0]?.startsAt ?? null;
  const last = hearings[hearings.length - 1]?.endsAt ?? null;
  const lowerBound = placed.reduce((sum, p) => sum + p.case.duration, 0) + Math.max(0, placed.length - 1) * gap;
  return {
    hearings,
    unscheduled,
    startsAt: first,
    endsAt: last,
    spanMinutes: first && last ? Math.round(last.diff(first).as('minutes')) : 0,
    lowerBoundMinutes: Math.round(lowerBound / MINUTE),
    ordering: best?.ordering ?? 'none',
  };
}

/** Either the case ready to plan, or why it cannot be heard in this window even alone. */
function prepare(
  c: PlannerCase,
  index: number,
  window: Span,
  input: SittingPlanInput,
  centers: Map<string, { center: PlannerCenter; index: number }>,
): Prepared | UnscheduledCase {
  const duration = c.durationMinutes * MINUTE;
  const fail = (code: UnscheduledCode, reason: string): UnscheduledCase => ({ caseId: c.caseId, code, reason });
  if (duration > window.end - window.start) {
    return fail('LONGER_THAN_WINDOW', `it takes ${c.durationMinutes} minutes, longer than the sitting's window`);
  }
  let set = startsWithinHours(window, duration, input.sharedHours);
  if (set.length === 0) {
    return fail(
      'OUTSIDE_HOURS',
      `the court or the procuratorate is not open for ${c.durationMinutes} minutes in a row within the window`,
    );
  }
  for (const party of [...input.shared, ...c.parties]) {
    set = withoutBusy(set, fromIntervals(party.busy), duration);
    if (set.length === 0) {
      return fail(
        'PARTY_BUSY',
        `no time in the window when all its parties are free (${party.resourceType} ${party.resourceId} is busy elsewhere)`,
      );
    }
  }

  let buffer = 0;
  let rooms: Prepared['rooms'] = [];
  let centerIndex = -1;
  if (c.centerId !== null) {
    const found = centers.get(c.centerId);
    if (!found || found.center.rooms.length === 0) {
      return fail('NO_VIDEO_ROOM', `detention center ${c.centerId} has no video room`);
    }
    const center = found.center;
    centerIndex = found.index;
    buffer = center.bufferMinutes * MINUTE;
    set = intersect(set, startsInside(fromIntervals(center.open), duration, buffer, buffer));
    if (set.length === 0) {
      return fail(
        'OUTSIDE_HOURS',
        `detention center ${center.id} is not open for the hearing and its ${center.bufferMinutes}-minute escort buffers when the parties are free`,
      );
    }
    rooms = center.rooms
      .map((r) => ({ id: r.id, starts: withoutBusy(set, fromIntervals(r.busy), duration, buffer, buffer) }))
      .filter((r) => r.starts.length > 0);
    if (rooms.length === 0) {
      return fail(
        'NO_VIDEO_ROOM',
        `no video room of detention center ${center.id} is free (with its escort buffers) when the parties are free`,
      );
    }
  }
  const freedom = (rooms.length > 0 ? rooms.flatMap((r) => r.starts) : set).reduce(
    (sum, [lo, hi]) => sum + (hi - lo),
    0,
  );
  return { input: c, index, duration, buffer, base: set, rooms, freedom, centerIndex };
}

/** Places cases one after another, each time the one that can start earliest; `order` breaks ties. */
function listSchedule(
  order: readonly Prepared[],
  window: Span,
  gap: number,
  keepOrder: boolean,
): Array<Placement & { case: Prepared }> {
  const remaining = [...order];
  const roomUse = new Map<string, Span[]>();
  const placed: Array<Placement & { case: Prepared }> = [];
  let from = window.start;
  while (remaining.length > 0) {
    let bestIndex = -1;
    let best: Placement | null = null;
    for (let i = 0; i < remaining.length; i++) {
      const placement = earliestPlacement(remaining[i], from, roomUse);
      if (placement && (!best || placement.start < best.start)) {
        best = placement;
        bestIndex = i;
      }
      if (keepOrder) break;
    }
    if (!best) break;
    const chosen = remaining.splice(bestIndex, 1)[0];
    placed.push({ ...best, case: chosen });
    if (best.roomId !== null) {
      const uses = roomUse.get(best.roomId) ?? [];
      uses.push({ start: best.start - chosen.buffer, end: best.start + chosen.duration + chosen.buffer });
      roomUse.set(best.roomId, uses);
    }
    from = best.start + chosen.duration + gap;
  }
  return placed;
}

function earliestPlacement(c: Prepared, from: number, roomUse: Map<string, Span[]>): Placement | null {
  if (c.rooms.length === 0) {
    const start = earliestFrom(c.base, from);
    return start === null ? null : { start, roomId: null };
  }
  let best: Placement | null = null;
  let bestLastUse = Infinity;
  for (const room of c.rooms) {
    const uses = roomUse.get(room.id) ?? [];
    let start = earliestFrom(room.starts, from);
    // Skip past this sitting's own uses of the room (buffer included) until a start clears them all.
    while (start !== null) {
      const s = start;
      const clash = uses.find((u) => s - c.buffer < u.end && s + c.duration + c.buffer > u.start);
      if (!clash) break;
      start = earliestFrom(room.starts, clash.end + c.buffer);
    }
    if (start === null) continue;
    const lastUse = uses.length > 0 ? uses[uses.length - 1].end : -Infinity;
    if (!best || start < best.start || (start === best.start && lastUse < bestLastUse)) {
      best = { start, roomId: room.id };
      bestLastUse = lastUse;
    }
  }
  return best;
}

/** More cases heard wins; then the shorter span; then the earlier end. */
function better(a: Array<Placement & { case: Prepared }>, b: Array<Placement & { case: Prepared }>): boolean {
  if (a.length !== b.length) return a.length > b.length;
  if (a.length === 0) return false;
  const spanOf = (p: typeof a) => p[p.length - 1].start + p[p.length - 1].case.duration - p[0].start;
  const endOf = (p: typeof a) => p[p.length - 1].start + p[p.length - 1].case.duration;
  if (spanOf(a) !== spanOf(b)) return spanOf(a) < spanOf(b);
  return endOf(a) < endOf(b);
}

function* orderings(cases: readonly Prepared[], shuffles: number): Generator<{ name: string; order: Prepared[] }> {
  const byIndex = [...cases].sort((a, b) => a.index - b.index);
  yield { name: 'as given', order: byIndex };
  yield { name: 'longest first', order: [...byIndex].sort((a, b) => b.duration - a.duration || a.index - b.index) };
  yield { name: 'shortest first', order: [...byIndex].sort((a, b) => a.duration - b.duration || a.index - b.index) };
  yield {
    name: 'most constrained first',
    order: [...byIndex].sort((a, b) => a.freedom - b.freedom || a.index - b.index),
  };
  yield { name: 'centers interleaved', order: interleaveCenters(byIndex) };
  const random = mulberry32(0x5eed);
  for (let i = 0; i < shuffles; i++) {
    const order = [...byIndex];
    for (let j = order.length - 1; j > 0; j--) {
      const k = Math.floor(random() * (j + 1));
      [order[j], order[k]] = [order[k], order[j]];
    }
    yield { name: `shuffle ${i + 1}`, order };
  }
}

/** One case of each center in turn (center order as given), so consecutive hearings use different centers. */
function interleaveCenters(cases: readonly Prepared[]): Prepared[] {
  const queues = new Map<number, Prepared[]>();
  for (const c of cases) {
    const q = queues.get(c.centerIndex) ?? [];
    q.push(c);
    queues.set(c.centerIndex, q);
  }
  const out: Prepared[] = [];
  const lists = [...queues.values()];
  for (let round = 0; out.length < cases.length; round++) {
    for (const q of lists) if (round < q.length) out.push(q[round]);
  }
  return out;
}

/** A small seeded generator: the same input always gives the same plan. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
