import { DateTime } from 'luxon';
import { ValidationFailedError } from '../errors/domain-error';

/**
 * The instants the service accepts, in every body and query (hearings, sittings, availability, hearing and audit
 * lists, calendar exception dates): from 2000-01-01T00:00:00Z up to, not including, 3000-01-01T00:00:00Z.
 *
 * Why these: no remote hearing, and no record a court would migrate into this service, is older than 2000; nothing
 * is planned a thousand years ahead. Inside them every derived instant (a day either side for the hours check, an
 * escort buffer, a 480-minute hearing) stays a four-digit year that JavaScript, luxon, PostgreSQL and ISO 8601
 * without a sign all read and write alike: `9999-12-31T09:00` plus a day was a year PostgreSQL could not store (a
 * 500), and a hearing ending `+010000-01-01` could no longer be changed. A year typo (`0202`, `20266`) is refused.
 */
export const EARLIEST_INSTANT = DateTime.fromISO('2000-01-01T00:00:00Z', { zone: 'utc' });
export const LATEST_INSTANT_EXCLUSIVE = DateTime.fromISO('3000-01-01T00:00:00Z', { zone: 'utc' });

const RANGE_MESSAGE = 'must lie between 2000-01-01T00:00:00Z and 3000-01-01T00:00:00Z (not included)';

export function isAcceptedInstant(dt: DateTime): boolean {
  return dt.isValid && dt >= EARLIEST_INSTANT && dt < LATEST_INSTANT_EXCLUSIVE;
}

/** `dt`, or a 400 naming `field` when it lies outside the accepted range. */
export function assertAcceptedInstant(dt: DateTime, field: string): DateTime {
  if (!isAcceptedInstant(dt)) throw ValidationFailedError.field(field, RANGE_MESSAGE);
  return dt;
}

/**
 * A local calendar date (`2027-02-08`) inside the accepted years 2000 to 2999, for calendar exceptions; a 400
 * naming `field` otherwise.
 */
export function assertAcceptedDate(date: string, field: string): string {
  if (!isAcceptedDate(date)) throw ValidationFailedError.field(field, ACCEPTED_DATE_MESSAGE);
  return date;
}

export const ACCEPTED_DATE_MESSAGE = 'must be a date in the years 2000 to 2999';

export function isAcceptedDate(date: string): boolean {
  const year = Number(date.slice(0, 4));
  return /^\d{4}-/.test(date) && year >= 2000 && year <= 2999;
}
