import { DateTime, Interval } from 'luxon';

/** Times in tests are written as local wall-clock times of one day in Asia/Shanghai unless a zone is given. */
export const DAY = '2026-03-09'; // a Monday
export const ZONE = 'Asia/Shanghai';

export function at(time: string, day = DAY, zone = ZONE): DateTime {
  return DateTime.fromISO(`${day}T${time}`, { zone });
}

/** [from, to) on DAY, e.g. iv('09:00', '10:00'). */
export function iv(from: string, to: string, day = DAY, zone = ZONE): Interval {
  return Interval.fromDateTimes(at(from, day, zone), at(to, day, zone));
}

/** Local wall-clock "HH:mm" of an instant. */
export function hm(instant: DateTime | null | undefined, zone = ZONE): string {
  return instant ? instant.setZone(zone).toFormat('HH:mm') : 'none';
}
