import { DateTime, IANAZone } from 'luxon';
import { ValidationFailedError } from '../errors/domain-error';
import { assertAcceptedInstant } from './accepted-range';

/**
 * Is this a time zone an organization may have: an IANA region name (`Asia/Shanghai`, in any case) or `UTC` (and
 * its aliases `Etc/UTC`, `GMT`...)? Fixed offsets (`+08:00`) and abbreviations (`CST`, `EST`) are not.
 */
export function isValidTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || !IANAZone.isValidZone(zone)) return false;
  return zone.includes('/') || canonicalTimeZone(zone) === 'UTC';
}

const UTC_ALIASES = /^(etc\/)?(utc|uct|gmt|gmt0|gmt[+-]0|universal|zulu|greenwich)$/i;

/**
 * The zone's canonical spelling, as stored and shown: `asia/shanghai` → `Asia/Shanghai`, `Etc/UTC` → `UTC`. The
 * runtime's time-zone database (ICU, through Intl) names it; the aliases of UTC are all `UTC`.
 */
export function canonicalTimeZone(zone: string): string {
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  return UTC_ALIASES.test(resolved) ? 'UTC' : resolved;
}

const HAS_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;
/** The offset at the end of the time part: `+08:00`, `-0530`, `+08`. */
const TRAILING_OFFSET = /([+-])(\d{2})(?::?(\d{2}))?$/;

/**
 * What luxon would read but no clock shows: the hour 24 (luxon reads `T24:00` as the next midnight) and offsets
 * outside those of the world's zones, -12:00 to +14:00 (luxon takes `+25:00`). Message for `field`, or undefined.
 */
function unrealTime(value: string): string | undefined {
  const t = value.indexOf('T') >= 0 ? value.slice(value.indexOf('T') + 1) : value.slice(8).replace(/^t/i, '');
  if (/^24/.test(t)) return 'must not use the hour 24: give 00:00 of the next day';
  const m = TRAILING_OFFSET.exec(t);
  if (m) {
    const minutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
    if (Number(m[3] ?? 0) > 59 || minutes < -12 * 60 || minutes > 14 * 60)
      return 'must have an offset between -12:00 and +14:00';
  }
  return undefined;
}

/**
 * Reads an instant given either with an offset ("2026-03-09T09:00:00+08:00", "...Z"), or as a wall-clock time
 * without offset ("2026-03-09T09:00") read in `zone`. A wall-clock time that the zone skips (spring forward)
 * is refused with a 400 naming the field; one that occurs twice (fall back) must be given with an offset. The
 * instant must lie in the accepted range (accepted-range.ts).
 */
export function parseInstant(value: string, zone: string, field: string): DateTime {
  if (typeof value !== 'string') throw ValidationFailedError.field(field, 'must be an ISO 8601 date-time');
  const unreal = /T/i.test(value) ? unrealTime(value) : undefined;
  if (unreal) throw ValidationFailedError.field(field, unreal);
  if (HAS_OFFSET.test(value)) {
    const dt = DateTime.fromISO(value, { setZone: true });
    if (!dt.isValid || !/T/.test(value))
      throw ValidationFailedError.field(field, 'must be an ISO 8601 date-time with an offset or Z');
    return assertAcceptedInstant(dt.toUTC(), field);
  }
  if (!LOCAL_DATE_TIME.test(value)) throw ValidationFailedError.field(field, 'must be an ISO 8601 date-time');
  const local = DateTime.fromISO(value, { zone });
  if (!local.isValid) throw ValidationFailedError.field(field, 'must be an ISO 8601 date-time');
  assertAcceptedInstant(local.toUTC(), field);
  const wall = DateTime.fromISO(value, { zone: 'utc' });
  if (local.hour !== wall.hour || local.minute !== wall.minute || local.day !== wall.day) {
    throw ValidationFailedError.field(
      field,
      `the local time ${wall.toFormat('yyyy-MM-dd HH:mm')} does not exist in ${zone} (skipped by a daylight-saving change)`,
    );
  }
  if (readingsOf(wall, zone) > 1) {
    throw ValidationFailedError.field(
      field,
      `the local time ${wall.toFormat('yyyy-MM-dd HH:mm')} occurs twice in ${zone} (daylight-saving change): give it with an offset`,
    );
  }
  return local.toUTC();
}

/**
 * How many instants show the wall-clock time `wall` (given as if it were UTC) in `zone`: 0 when a change skips it,
 * 2 when a change repeats it, whatever the size of the change (30 minutes on Lord Howe Island, 2 hours at Troll).
 * Each offset the zone has within a day either side is tried: the time under that offset is a reading when the
 * zone has that offset at that instant.
 */
function readingsOf(wall: DateTime, zone: string): number {
  const tz = IANAZone.create(zone);
  const wallMs = wall.toMillis();
  const offsets = new Set([-1, 0, 1].map((days) => tz.offset(wallMs + days * 86_400_000)));
  let readings = 0;
  for (const offset of offsets) if (tz.offset(wallMs - offset * 60_000) === offset) readings++;
  return readings;
}

/**
 * An instant of a query filter, in any form that `@IsISO8601({ strict: true })` lets through: that includes week
 * and ordinal dates ("2026-W05-3", "2026-028") and the basic format ("20260128T100000Z"), which `new Date()`
 * cannot read. Without an offset, UTC. It must lie in the accepted range (accepted-range.ts).
 */
export function parseIsoInstant(value: string, field: string): Date {
  const unreal = /T/i.test(value) ? unrealTime(value) : undefined;
  if (unreal) throw ValidationFailedError.field(field, unreal);
  const dt = DateTime.fromISO(value, { zone: 'utc' });
  if (!dt.isValid) throw ValidationFailedError.field(field, 'must be an ISO 8601 date-time');
  return assertAcceptedInstant(dt.toUTC(), field).toJSDate();
}

/** An instant shown in an organization's zone, ISO 8601 with offset: "2026-03-09T09:00:00+08:00". */
export function toLocalIso(instant: Date | DateTime, zone: string): string {
  const dt = instant instanceof Date ? DateTime.fromJSDate(instant) : instant;
  return dt.setZone(zone).toISO({ suppressMilliseconds: true })!;
}

const YEAR_0 = Date.parse('0000-01-01T00:00:00Z');
const YEAR_10000 = Date.parse('+010000-01-01T00:00:00Z');

/** An instant in UTC, ISO 8601 with Z: "2026-03-09T01:00:00Z". */
export function toUtcIso(instant: Date | DateTime): string {
  const ms = instant instanceof Date ? instant.getTime() : instant.toMillis();
  // Years 0000-9999 (every accepted instant): the same text as luxon's, without building a DateTime (every answer
  // shows several instants).
  if (ms >= YEAR_0 && ms < YEAR_10000) {
    const iso = new Date(ms).toISOString();
    return ms % 1000 === 0 ? `${iso.slice(0, 19)}Z` : iso;
  }
  const dt = instant instanceof Date ? DateTime.fromJSDate(instant) : instant;
  return dt.toUTC().toISO({ suppressMilliseconds: true })!;
}
