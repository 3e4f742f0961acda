import { DateTime, IANAZone, Interval } from 'luxon';

/**
 * Opening hours as pure functions: no Nest, no database. Everything here works on local wall-clock
 * times ("08:30") and local dates ("2026-02-17") of one organization, read in its IANA zone.
 *
 * Daylight saving: an organization is open from the first moment its clock shows the opening time
 * to the last moment its clock shows the closing time. So a 09:00-17:00 day is 8 hours long on a
 * DST-change date unless the change falls inside it (00:00-12:00 lasts 11 hours in New York on
 * 2026-03-08). A wall-clock time the zone skips (spring forward) becomes the instant of the change,
 * the first moment that exists after it: opening at 02:30 on 2026-03-08 in New York means opening
 * at 03:00 EDT; closing at 02:30 means closing at 03:00 EDT too (= 02:00 EST, when the clock jumps).
 * A wall-clock time that occurs twice (fall back) opens at its first occurrence and closes at its last.
 */

/** One stretch of a weekly schedule: weekday 1 (Monday) .. 7 (Sunday), "HH:mm" local times, opens < closes. */
export interface WeeklyInterval {
  weekday: number;
  opens: string;
  closes: string;
}

export type CalendarExceptionKind = 'closed' | 'open';

/** A closure or an extra/changed working day on one local date. */
export interface DayException {
  date: string;
  kind: CalendarExceptionKind;
  opens: string | null;
  closes: string | null;
  reason: string;
}

/** Used when an organization has set no weekly hours: Monday to Friday 08:30-12:00 and 14:00-17:30. */
export const DEFAULT_WEEKLY_HOURS: readonly WeeklyInterval[] = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, opens: '08:30', closes: '12:00' },
  { weekday, opens: '14:00', closes: '17:30' },
]);

/** The local hours of one organization on one local date, after its exceptions. */
interface DayHours {
  date: string;
  /** Sorted local stretches; empty when closed. */
  intervals: { opens: string; closes: string }[];
  /** Where the hours come from. */
  source: 'weekly' | 'default' | 'closure' | 'exception';
  /** The reason of the exception that applies to the date (a holiday, a make-up working day), else null. */
  reason: string | null;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "HH:mm" → minutes since local midnight; "24:00" (end of day) is allowed as a closing time only. */
export function parseClock(value: string, opts: { allowEndOfDay?: boolean } = {}): number | null {
  if (typeof value !== 'string') return null;
  if (opts.allowEndOfDay && value === '24:00') return 24 * 60;
  const m = HH_MM.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** "08:30-12:00", as shown in problems. */
export function formatStretch(i: { opens: string; closes: string }): string {
  return `${i.opens}-${i.closes}`;
}

function byOpens(a: { opens: string }, b: { opens: string }): number {
  return a.opens.localeCompare(b.opens);
}

/** The hours of a normal working day, given to an "open" exception without times: Monday's, or the default Monday's. */
function normalWorkingDay(weekly: readonly WeeklyInterval[]): { opens: string; closes: string }[] {
  const monday = weekly.filter((w) => w.weekday === 1);
  const source = monday.length > 0 ? monday : DEFAULT_WEEKLY_HOURS.filter((w) => w.weekday === 1);
  return source.map(({ opens, closes }) => ({ opens, closes })).sort(byOpens);
}

/**
 * The local hours on `date` (ISO "yyyy-MM-dd"). `weekly` empty means "none set": the default applies.
 * A closed exception closes the whole date; open exceptions with times replace the weekly hours (several
 * give several stretches: China's make-up working Saturdays, 调休); an open exception without times gives
 * the date the hours of a normal working day.
 */
export function hoursOn(
  date: string,
  weekly: readonly WeeklyInterval[],
  exceptions: readonly DayException[],
): DayHours {
  const onDate = exceptions.filter((e) => e.date === date);
  const closure = onDate.find((e) => e.kind === 'closed');
  if (closure) return { date, intervals: [], source: 'closure', reason: closure.reason };
  const opens = onDate.filter((e) => e.kind === 'open');
  if (opens.length > 0) {
    const intervals = opens.flatMap((e) =>
      e.opens !== null && e.closes !== null ? [{ opens: e.opens, closes: e.closes }] : normalWorkingDay(weekly),
    );
    return {
      date,
      intervals: intervals.sort(byOpens),
      source: 'exception',
      reason: opens.map((e) => e.reason).join('; '),
    };
  }
  const schedule = weekly.length > 0 ? weekly : DEFAULT_WEEKLY_HOURS;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
  const intervals = schedule.filter((w) => w.weekday === weekday).map(({ opens, closes }) => ({ opens, closes }));
  return { date, intervals: intervals.sort(byOpens), source: weekly.length > 0 ? 'weekly' : 'default', reason: null };
}

const MINUTE = 60_000;

/** Offsets already read, by zone and instant: reading one costs tens of microseconds (Intl formats a date). */
const offsetMemo = new Map<string, number>();
/** Enough for every zone in use and the dates booked around now; the memo starts again when full. */
const MAX_MEMOIZED_OFFSETS = 20_000;

/**
 * The offset (minutes) of `zone` at the instant `ms`, memoized exactly: the same instant in the same zone always
 * has the same offset (the zone rules are those of the running process). A booking reads about a dozen, the same
 * ones again for every hearing on the same dates (midnights) and at the same times.
 */
function offsetAt(zone: IANAZone, ms: number): number {
  const key = `${zone.name}|${ms}`;
  const known = offsetMemo.get(key);
  if (known !== undefined) return known;
  if (offsetMemo.size >= MAX_MEMOIZED_OFFSETS) offsetMemo.clear();
  const offset = zone.offset(ms);
  offsetMemo.set(key, offset);
  return offset;
}

/** The instants (ms) at which `zone`'s clock shows `wallMs` (a local time written as if it were UTC). */
function instantsShowing(wallMs: number, zone: IANAZone): { first: number; last: number } {
  // Offsets half a day either side cover every zone's single change around that wall time.
  const before = offsetAt(zone, wallMs - 14 * 60 * MINUTE);
  const after = offsetAt(zone, wallMs + 14 * 60 * MINUTE);
  // The usual case, no change near: one offset, one instant (reading offsets is the costly part here).
  if (before === after && offsetAt(zone, wallMs - before * MINUTE) === before)
    return { first: wallMs - before * MINUTE, last: wallMs - before * MINUTE };
  const offsets = new Set([before, offsetAt(zone, wallMs), after]);
  const valid = [...offsets].map((o) => wallMs - o * MINUTE).filter((t) => wallMs - offsetAt(zone, t) * MINUTE === t);
  if (valid.length > 0) return { first: Math.min(...valid), last: Math.max(...valid) };
  // Skipped by a spring-forward: the change happens between the instants read with either offset.
  const candidates = [...offsets].map((o) => wallMs - o * MINUTE);
  let lo = Math.min(...candidates);
  let hi = Math.max(...candidates);
  const newOffset = offsetAt(zone, hi);
  // Offset changes fall on whole minutes: search minute by minute for the first one with the new offset.
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetAt(zone, mid) === newOffset) hi = mid;
    else lo = mid;
  }
  return { first: hi, last: hi };
}

/**
 * The zone's offset (minutes) throughout local `date` and its "24:00", or null when it changes near that date.
 * Reading offsets is the costly part of this module: most days need these two reads and no more.
 */
function steadyOffsetOn(date: string, tz: IANAZone): number | null {
  const midnight = Date.parse(`${date}T00:00:00Z`);
  const before = offsetAt(tz, midnight - 14 * 60 * MINUTE);
  return offsetAt(tz, midnight + 38 * 60 * MINUTE) === before ? before : null;
}

/** [start, end) in epoch ms of one stretch of `date`, or null when the DST change leaves nothing of it. */
function stretchMillis(
  date: string,
  stretch: { opens: string; closes: string },
  tz: IANAZone,
  steadyOffset: number | null,
): [number, number] | null {
  const midnight = Date.parse(`${date}T00:00:00Z`);
  const opensAt = parseClock(stretch.opens);
  const closesAt = parseClock(stretch.closes, { allowEndOfDay: true });
  if (opensAt === null || closesAt === null)
    throw new Error(`bad stretch ${stretch.opens}-${stretch.closes} on ${date}`);
  const opensWall = midnight + opensAt * MINUTE;
  const closesWall = midnight + closesAt * MINUTE;
  const start = steadyOffset !== null ? opensWall - steadyOffset * MINUTE : instantsShowing(opensWall, tz).first;
  const end = steadyOffset !== null ? closesWall - steadyOffset * MINUTE : instantsShowing(closesWall, tz).last;
  return end > start ? [start, end] : null;
}

/** The instants a stretch of `date` opens and closes in `zone` (see the DST rules above). */
export function stretchInstants(
  date: string,
  stretch: { opens: string; closes: string },
  zone: string,
): Interval | null {
  const tz = IANAZone.create(zone);
  const ms = stretchMillis(date, stretch, tz, steadyOffsetOn(date, tz));
  return ms
    ? Interval.fromDateTimes(DateTime.fromMillis(ms[0], { zone: 'utc' }), DateTime.fromMillis(ms[1], { zone: 'utc' }))
    : null;
}

/** The local dates in `zone` that the window [from, to) touches, oldest first. */
export function localDatesOf(from: DateTime, to: DateTime, zone: string): string[] {
  const tz = IANAZone.create(zone);
  const localDate = (ms: number) => new Date(ms + offsetAt(tz, ms) * MINUTE).toISOString().slice(0, 10);
  const dates: string[] = [];
  const first = localDate(from.toMillis());
  // The window is half-open: a `to` at local midnight does not touch the day it starts.
  // A day's stretches end by the next local midnight at the latest, so no later day can reach into the window.
  const last = localDate(to.toMillis() - 1);
  // Step through the dates themselves in UTC, where every day has 24 hours.
  for (let day = Date.parse(`${first}T00:00:00Z`); ; day += 24 * 60 * MINUTE) {
    const date = new Date(day).toISOString().slice(0, 10);
    if (date > last) break;
    dates.push(date);
  }
  return dates;
}

/**
 * The UTC intervals within [from, to) when the organization is open, sorted, touching ones joined.
 * `exceptions` need only cover the local dates of the window.
 */
export function openIntervals(
  weekly: readonly WeeklyInterval[],
  exceptions: readonly DayException[],
  zone: string,
  from: DateTime,
  to: DateTime,
): Interval[] {
  if (to <= from) return [];
  const tz = IANAZone.create(zone);
  const lo = from.toMillis();
  const hi = to.toMillis();
  const spans: [number, number][] = [];
  for (const date of localDatesOf(from, to, zone)) {
    const stretches = hoursOn(date, weekly, exceptions).intervals;
    if (stretches.length === 0) continue;
    const steady = steadyOffsetOn(date, tz);
    for (const stretch of stretches) {
      const ms = stretchMillis(date, stretch, tz, steady);
      if (!ms) continue;
      const start = Math.max(ms[0], lo);
      const end = Math.min(ms[1], hi);
      if (end > start) spans.push([start, end]);
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  return merged.map(([start, end]) =>
    Interval.fromDateTimes(DateTime.fromMillis(start, { zone: 'utc' }), DateTime.fromMillis(end, { zone: 'utc' })),
  );
}

/** Is [startsAt, endsAt) entirely inside one open interval of the organization? */
export function isWithinHours(
  weekly: readonly WeeklyInterval[],
  exceptions: readonly DayException[],
  zone: string,
  startsAt: DateTime,
  endsAt: DateTime,
): boolean {
  if (endsAt <= startsAt) return false;
  const open = openIntervals(weekly, exceptions, zone, startsAt, endsAt);
  return (
    open.length === 1 &&
    open[0].start!.toMillis() === startsAt.toMillis() &&
    open[0].end!.toMillis() === endsAt.toMillis()
  );
}

/**
 * The indexes of two stretches of one day that overlap or touch (touching ones should be written as one),
 * or null when they are all apart. Assumes opens < closes in each.
 */
export function overlapsWithin(stretches: { opens: string; closes: string }[]): [number, number] | null {
  const indexed = stretches.map((s, i) => ({ ...s, i })).sort(byOpens);
  for (let k = 1; k < indexed.length; k++) {
    const prev = indexed[k - 1];
    const cur = indexed[k];
    const prevCloses = parseClock(prev.closes, { allowEndOfDay: true })!;
    const curOpens = parseClock(cur.opens)!;
    if (curOpens <= prevCloses) return [prev.i, cur.i];
  }
  return null;
}
