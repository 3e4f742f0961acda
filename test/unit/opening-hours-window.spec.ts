import fc from 'fast-check';
import { DateTime, Interval } from 'luxon';
import {
  DayException,
  isWithinHours,
  localDatesOf,
  openIntervals,
  WeeklyInterval,
} from '../../src/modules/calendars/opening-hours';

const ZONES = ['Asia/Shanghai', 'Europe/London', 'America/New_York'];
// Two months around the spring changes of 2026 and around the autumn ones.
const SPANS = [DateTime.fromISO('2026-02-20T00:00:00Z'), DateTime.fromISO('2026-10-10T00:00:00Z')];

const clock = fc
  .integer({ min: 0, max: 47 })
  .map((half) => `${String(Math.floor(half / 2)).padStart(2, '0')}:${half % 2 ? '30' : '00'}`);
const stretch = fc
  .tuple(clock, clock)
  .filter(([a, b]) => a < b)
  .map(([opens, closes]) => ({ opens, closes }));
const weekly: fc.Arbitrary<WeeklyInterval[]> = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 7 }), stretch), { maxLength: 8 })
  // Stretches of one weekday never overlap once stored (the API refuses it): keep the first of each weekday.
  .map((items) => [...new Map(items.map(([weekday, s]) => [weekday, { weekday, ...s }])).values()]);
const exceptions = (base: DateTime): fc.Arbitrary<DayException[]> =>
  fc
    .array(
      fc
        .tuple(fc.integer({ min: 0, max: 50 }), fc.boolean(), fc.option(stretch, { nil: null }))
        .map(([day, closed, s]) => ({
          date: base.plus({ days: day }).toISODate()!,
          kind: closed ? ('closed' as const) : ('open' as const),
          opens: closed ? null : (s?.opens ?? null),
          closes: closed ? null : (s?.closes ?? null),
          reason: 'test',
        })),
      { maxLength: 6 },
    )
    .map((list) => [...new Map(list.map((e) => [e.date, e])).values()]);

const show = (list: Interval[]) => list.map((i) => `${i.start!.toMillis()}-${i.end!.toMillis()}`);

describe('asking for a window of the calendar', () => {
  it("lists every local date the window touches, in the organization's zone", () => {
    const from = DateTime.fromISO('2026-03-08T03:00:00Z');
    expect(localDatesOf(from, from.plus({ hours: 2 }), 'America/New_York')).toEqual(['2026-03-07']);
    expect(localDatesOf(from, from.plus({ hours: 2 }), 'Asia/Shanghai')).toEqual(['2026-03-08']);
    expect(localDatesOf(from, from.plus({ days: 2 }), 'Europe/London')).toEqual([
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
    ]);
  });

  it('gives the same open time for a small window as the large one cut to it (any hours, zone and exceptions)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom(...SPANS).chain((base) => fc.tuple(fc.constant(base), exceptions(base))),
        weekly,
        fc.integer({ min: 0, max: 40 * 48 }),
        fc.integer({ min: 1, max: 6 * 48 }),
        (zone, [base, exc], week, startHalfHours, lengthHalfHours) => {
          const from = base.plus({ minutes: 30 * startHalfHours });
          const to = from.plus({ minutes: 30 * lengthHalfHours });
          const window = Interval.fromDateTimes(from, to);
          const large = openIntervals(week, exc, zone, base, base.plus({ days: 52 }));
          const cut = large.map((i) => i.intersection(window)).filter((i): i is Interval => i !== null && !i.isEmpty());
          expect(show(openIntervals(week, exc, zone, from, to))).toEqual(show(cut));
          // A range is within hours exactly when one open interval of the large window holds it.
          const holds = large.some((i) => i.start! <= from && to <= i.end!);
          expect(isWithinHours(week, exc, zone, from, to)).toBe(holds);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('returns sorted intervals that neither overlap nor touch', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.constantFrom(...SPANS), weekly, (zone, base, week) => {
        const list = openIntervals(week, [], zone, base, base.plus({ days: 45 }));
        for (let k = 1; k < list.length; k++)
          expect(list[k - 1].end!.toMillis()).toBeLessThan(list[k].start!.toMillis());
      }),
      { numRuns: 100 },
    );
  });
});
