import { Interval } from 'luxon';

/**
 * The arithmetic under the slot finder and the sitting planner.
 *
 * Instead of testing candidate start times one by one, both work on the SET of instants at which a hearing of a
 * given length may start. Every rule becomes a cut in that set:
 *  - "inside opening hours [a, b)" keeps the starts in [a + before, b - after - duration];
 *  - "not over a busy range [a, b)" (half-open, as the database's `&&` on tstzrange) removes the starts in the
 *    OPEN range (a - after - duration, b + before), so touching ranges (10:00-11:00 then 11:00-12:00) stay allowed.
 * `before`/`after` widen the hearing on each side (the video room's escort buffer).
 *
 * Instants are epoch milliseconds: luxon converts at the edges (`fromIntervals`), the hot loops stay on numbers.
 * A start set is sorted, disjoint, CLOSED ranges [lo, hi] of allowed start instants.
 */

/** A half-open range [start, end) of epoch milliseconds. */
export interface Span {
  start: number;
  end: number;
}

/** Allowed start instants: sorted, disjoint, closed ranges [lo, hi]. */
export type StartSet = Array<[number, number]>;

export const MINUTE = 60_000;

export function fromIntervals(intervals: readonly Interval[]): Span[] {
  const out: Span[] = [];
  for (const i of intervals) {
    if (!i.isValid) continue;
    out.push({ start: i.start!.toMillis(), end: i.end!.toMillis() });
  }
  return out;
}

/** Sorts and merges overlapping or touching half-open ranges (9:00-12:00 and 12:00-14:00 make 9:00-14:00). */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** Starts of a hearing of `duration` ms that keep [start - before, start + duration + after) inside one of `open`. */
export function startsInside(open: readonly Span[], duration: number, before = 0, after = 0): StartSet {
  const out: StartSet = [];
  for (const s of mergeSpans(open)) {
    const lo = s.start + before;
    const hi = s.end - after - duration;
    if (lo <= hi) out.push([lo, hi]);
  }
  return out;
}

/** Removes the starts at which [start - before, start + duration + after) would overlap one of `busy`. */
export function withoutBusy(set: StartSet, busy: readonly Span[], duration: number, before = 0, after = 0): StartSet {
  if (set.length === 0 || busy.length === 0) return set;
  // Forbidden starts are the open ranges (b.start - after - duration, b.end + before); merge them first.
  const forbidden = mergeOpen(busy.map((b) => [b.start - after - duration, b.end + before] as [number, number]));
  const out: StartSet = [];
  let f = 0;
  for (const [lo0, hi] of set) {
    let lo = lo0;
    while (f < forbidden.length && forbidden[f][1] <= lo) f++;
    let k = f;
    while (lo <= hi) {
      const cut = forbidden[k];
      if (!cut || cut[0] >= hi) {
        out.push([lo, hi]);
        break;
      }
      // cut = (x, y) with y > lo and x < hi.
      if (cut[0] >= lo) out.push([lo, cut[0]]);
      lo = Math.max(lo, cut[1]);
      k++;
    }
  }
  return out;
}

/** Open ranges (x, y), merged when they overlap (touching ones leave the shared endpoint allowed, so stay apart). */
function mergeOpen(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = ranges.filter(([x, y]) => y > x).sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

export function intersect(a: StartSet, b: StartSet): StartSet {
  const out: StartSet = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i][0], b[j][0]);
    const hi = Math.min(a[i][1], b[j][1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

/** The earliest start in the set at or after `from`, or null. */
export function earliestFrom(set: StartSet, from: number): number | null {
  for (const [lo, hi] of set) {
    if (hi < from) continue;
    return Math.max(lo, from);
  }
  return null;
}

export function isEmpty(set: StartSet): boolean {
  return set.length === 0;
}

/** Opening hours that a hearing must fall within, widened on each side by `before`/`after` minutes. */
export interface HoursRule {
  open: readonly Interval[];
  beforeMinutes?: number;
  afterMinutes?: number;
}

/**
 * The starts at which a hearing of `duration` ms lies inside `window` and inside every rule's opening hours (each
 * widened by its own before/after): the first cut of the slot finder and of the sitting planner.
 */
export function startsWithinHours(window: Span, duration: number, hours: readonly HoursRule[]): StartSet {
  let set: StartSet = startsInside([window], duration);
  for (const rule of hours) {
    set = intersect(
      set,
      startsInside(
        fromIntervals(rule.open),
        duration,
        (rule.beforeMinutes ?? 0) * MINUTE,
        (rule.afterMinutes ?? 0) * MINUTE,
      ),
    );
  }
  return set;
}
