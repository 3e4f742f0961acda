import { DateTime, Interval } from 'luxon';

/** A stored range (a reservation, a hearing) as a half-open luxon Interval in UTC, for the pure planners. */
export function toInterval(range: { startsAt: Date; endsAt: Date }): Interval {
  return Interval.fromDateTimes(
    DateTime.fromJSDate(range.startsAt, { zone: 'utc' }),
    DateTime.fromJSDate(range.endsAt, { zone: 'utc' }),
  );
}
