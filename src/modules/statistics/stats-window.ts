import { DateTime } from 'luxon';
import { ValidationFailedError } from '../../common/errors/domain-error';
import { assertAcceptedDate } from '../../common/time/accepted-range';

/*
 * The window of a statistics query: local dates `from`..`to`, both inclusive, in an organization's time zone.
 */

/** The longest window a statistics query may span (from + 5 years, exclusive). */
export const MAX_WINDOW_YEARS = 5;

/** Real dates in the accepted years, `to` not before `from`, under MAX_WINDOW_YEARS; else 400 naming the field. */
export function checkWindow(from: string, to: string): { from: string; to: string } {
  assertAcceptedDate(from, 'from');
  assertAcceptedDate(to, 'to');
  const first = DateTime.fromISO(from, { zone: 'utc' });
  const last = DateTime.fromISO(to, { zone: 'utc' });
  if (last < first) throw ValidationFailedError.field('to', 'must not be before from');
  if (last >= first.plus({ years: MAX_WINDOW_YEARS }))
    throw ValidationFailedError.field('to', `the window may span at most ${MAX_WINDOW_YEARS} years`);
  return { from, to };
}

/** The local dates `from`..`to` (inclusive) and the instants that hold them in any zone (instantsAroundDates). */
export interface LocalWindow {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

/** The checked window with its instants, for queries whose rows each have their own organization's zone. */
export function localWindow(from: string, to: string): LocalWindow {
  checkWindow(from, to);
  return { from, to, ...instantsAroundDates(from, to) };
}

/**
 * Instants [start, end) that hold the local dates `from`..`to` in every time zone (offsets run from -12:00 to
 * +14:00): local midnight of `from` is at the earliest 14 hours before it in UTC, the midnight after `to` at the
 * latest 12 hours after it. A query whose rows each have their own organization's zone cuts on these first (an
 * index range), then on each row's local date.
 */
export function instantsAroundDates(from: string, to: string): { start: Date; end: Date } {
  return {
    start: DateTime.fromISO(from, { zone: 'utc' }).minus({ hours: 14 }).toJSDate(),
    end: DateTime.fromISO(to, { zone: 'utc' }).plus({ days: 1, hours: 12 }).toJSDate(),
  };
}
