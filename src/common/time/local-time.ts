import { DateTime, FixedOffsetZone, IANAZone } from 'luxon';
import { ValidationFailedError } from '../errors/domain-error';

/** Is this a valid IANA time zone name (e.g. Asia/Shanghai)? Fixed offsets and abbreviations are not. */
export function isValidTimeZone(zone: string): boolean {
  return typeof zone === 'string' && zone.includes('/') && IANAZone.isValidZone(zone);
}

const HAS_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/**
 * Reads an instant given either with an offset ("2026-03-09T09:00:00+08:00", "...Z"), or as a wall-clock time
 * without offset ("2026-03-09T09:00") read in `zone`. A wall-clock time that the zone skips (spring forward)
 * is refused with a 400 naming the field; one that occurs twice (fall back) must be given with an offset.
 */
export function parseInstant(value: string, zone: string, field: string): DateTime {
  if (typeof value !== 'string') throw ValidationFailedError.field(field, 'must be an ISO 8601 date-time');
  if (HAS_OFFSET.test(value)) {
    const dt = DateTime.fromISO(value, { setZone: true });
    if (!dt.isValid || !/T/.test(value))
      throw ValidationFailedError.field(field, 'must be an ISO 8601 date-time with an offset or Z');
    return withinStorableYears(dt, field).toUTC();
  }
  if (!LOCAL_DATE_TIME.test(value)) throw ValidationFailedError.field(field, 'must be an ISO 8601 date-time');
  const local = DateTime.fromISO(value, { zone });
  if (!local.isValid) throw ValidationFailedError.field(field, 'must be an ISO 8601 date-time');
  const wall = DateTime.fromISO(value, { zone: 'utc' });
  if (local.hour !== wall.hour || local.minute !== wall.minute || local.day !== wall.day) {
    throw ValidationFailedError.field(
      field,
      `the local time ${wall.toFormat('yyyy-MM-dd HH:mm')} does not exist in ${zone} (skipped by a daylight-saving change)`,
    );
  }
  // The same wall-clock time under the zone's other offset (one hour away) lands on the same wall clock: it occurs twice.
  const ambiguous = [local.offset - 60, local.offset + 60].some((offset) => {
    const other = DateTime.fromISO(value, { zone: FixedOffsetZone.instance(offset) }).setZone(zone);
    return other.offset === offset && other.toFormat('yyyy-MM-dd HH:mm') === wall.toFormat('yyyy-MM-dd HH:mm');
  });
  if (ambiguous) {
    throw ValidationFailedError.field(
      field,
      `the local time ${wall.toFormat('yyyy-MM-dd HH:mm')} occurs twice in ${zone} (daylight-saving change): give it with an offset`,
    );
  }
  return local.toUTC();
}

/**
 * An instant of a query filter, in any form that `@IsISO8601({ strict: true })` lets through: that includes week
 * and ordinal dates ("2026-W05-3", "2026-028") and the basic format ("20260128T100000Z"), which `new Date()`
 * cannot read. Without an offset, UTC.
 */
export function parseIsoInstant(value: string, field: string): Date {
  const dt = DateTime.fromISO(value, { zone: 'utc' });
  if (!dt.isValid) throw ValidationFailedError.field(field, 'must be an ISO 8601 date-time');
  return withinStorableYears(dt, field).toJSDate();
}

/**
 * ISO 8601 lets a date carry a six-digit year with a sign ("-010000-01-01T00:00:00Z"), which PostgreSQL cannot
 * store (22008); nothing in a court's calendar lies outside the years 1 to 9999.
 */
function withinStorableYears(dt: DateTime, field: string): DateTime {
  const year = dt.toUTC().year;
  if (year < 1 || year > 9999) throw ValidationFailedError.field(field, 'must be between the years 0001 and 9999');
  return dt;
}

/** An instant shown in an organization's zone, ISO 8601 with offset: "2026-03-09T09:00:00+08:00". */
export function toLocalIso(instant: Date | DateTime, zone: string): string {
  const dt = instant instanceof Date ? DateTime.fromJSDate(instant) : instant;
  return dt.setZone(zone).toISO({ suppressMilliseconds: true })!;
}

/** An instant in UTC, ISO 8601 with Z: "2026-03-09T01:00:00Z". */
export function toUtcIso(instant: Date | DateTime): string {
  const dt = instant instanceof Date ? DateTime.fromJSDate(instant) : instant;
  return dt.toUTC().toISO({ suppressMilliseconds: true })!;
}
