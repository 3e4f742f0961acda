import { DateTime } from 'luxon';

/*
 * When the demo's coming hearings sit, computed from now (so a run on any day, or with the clock moved ahead, books
 * ahead of it): the working days (Monday to Friday, the demo organizations' default hours) of the next two weeks
 * after the current one, in the organizations' zone. The booking service then checks the hours and clashes.
 */

export interface UpcomingDays {
  /** Monday to Friday of next week, then of the week after, as local dates (yyyy-MM-dd). */
  nextWeek: string[];
  weekAfter: string[];
}

export function upcomingDays(now: DateTime, zone: string): UpcomingDays {
  const monday = now.setZone(zone).startOf('week').plus({ weeks: 1 });
  const week = (start: DateTime) => [0, 1, 2, 3, 4].map((d) => start.plus({ days: d }).toISODate()!);
  return { nextWeek: week(monday), weekAfter: week(monday.plus({ weeks: 1 })) };
}
