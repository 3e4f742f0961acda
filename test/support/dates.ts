import { DateTime } from 'luxon';

/**
 * Dates for tests that meet the clock (bookings, availability, custody): always computed from now, so the suite
 * passes on any day (CI also runs it with the clock 400 days ahead). Only unit tests of pure functions keep fixed
 * dates.
 */

/**
 * The date (yyyy-MM-dd) of a working day `weeks` weeks after the current week in `zone`: the Monday of that week
 * by default, or `weekday` (1 Monday ... 7 Sunday). With `weeks` >= 1 it is always after today.
 */
export function workingDay(weeks: number, zone = 'Asia/Shanghai', weekday = 1): string {
  return DateTime.now()
    .setZone(zone)
    .startOf('week')
    .plus({ weeks, days: weekday - 1 })
    .toISODate()!;
}

/** A date (yyyy-MM-dd) plus a number of days. */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date).plus({ days }).toISODate()!;
}

export interface OffsetChange {
  /** The local date (yyyy-MM-dd) on which the zone's clocks change. */
  date: string;
  /** The UTC offsets in minutes before and after the change. */
  offsetBefore: number;
  offsetAfter: number;
}

/**
 * The next daylight-saving change of `zone` after `weeks` weeks from now, in the given direction: 'forward'
 * (clocks go forward: a local hour is skipped) or 'back' (an hour repeats). For example, in Europe/London the next
 * last Sunday of March or of October; in America/New_York the next second Sunday of March or first of November.
 */
export function nextOffsetChange(zone: string, direction: 'forward' | 'back', weeks = 1): OffsetChange {
  let day = DateTime.now().setZone(zone).startOf('day').plus({ weeks });
  for (let i = 0; i < 800; i++, day = day.plus({ days: 1 })) {
    const before = day.startOf('day').offset;
    const after = day.endOf('day').offset;
    if (after !== before && after > before === (direction === 'forward')) {
      return { date: day.toISODate()!, offsetBefore: before, offsetAfter: after };
    }
  }
  throw new Error(`${zone} has no daylight-saving change ${direction} within two years`);
}

/** `time` in `zone` on the Monday `weeks` weeks from now (negative: in the past), ISO 8601 with its offset. */
export function mondayAt(weeks: number, time = '09:00', zone = 'Asia/Shanghai'): string {
  const day = DateTime.now().setZone(zone).startOf('week').plus({ weeks });
  return DateTime.fromISO(`${day.toISODate()}T${time}`, { zone }).toISO({ suppressMilliseconds: true })!;
}
