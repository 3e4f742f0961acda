import { DateTime } from 'luxon';
import { hoursOn, isWithinHours, openIntervals, stretchInstants } from '../../src/modules/calendars/opening-hours';

const LONDON = 'Europe/London';
const at = (local: string) => DateTime.fromISO(local, { zone: LONDON });
const iso = (dt: DateTime | null) => dt!.toUTC().toISO();
const nineToFive = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' }));
const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));

describe('a court in London across the change to summer time (Sunday 2026-03-29, 01:00 GMT → 02:00 BST)', () => {
  it('keeps a 09:00-17:00 day 8 hours long, and opens an hour earlier in UTC from that day on', () => {
    const [saturday] = openIntervals(nineToFive, [], LONDON, at('2026-03-28T00:00'), at('2026-03-29T00:00'));
    const [sunday] = openIntervals(nineToFive, [], LONDON, at('2026-03-29T00:00'), at('2026-03-30T00:00'));
    expect([iso(saturday.start), iso(saturday.end)]).toEqual(['2026-03-28T09:00:00.000Z', '2026-03-28T17:00:00.000Z']);
    expect([iso(sunday.start), iso(sunday.end)]).toEqual(['2026-03-29T08:00:00.000Z', '2026-03-29T16:00:00.000Z']);
    expect(sunday.length('hours')).toBe(8);
  });

  it('makes a day open around the clock 23 hours long, because the change falls inside it', () => {
    const open = openIntervals(allDay, [], LONDON, at('2026-03-29T00:00'), at('2026-03-30T00:00'));
    expect(open).toHaveLength(1);
    expect(open[0].length('hours')).toBe(23);
  });

  it('opens at the change itself when the opening time is skipped by it (01:30 does not exist that night)', () => {
    const stretch = stretchInstants('2026-03-29', { opens: '01:30', closes: '04:00' }, LONDON)!;
    expect(iso(stretch.start)).toBe('2026-03-29T01:00:00.000Z'); // 02:00 BST, the first moment after the gap
    expect(iso(stretch.end)).toBe('2026-03-29T03:00:00.000Z');
    expect(stretch.start!.setZone(LONDON).toFormat('HH:mm')).toBe('02:00');
  });

  it('closes at the change when the closing time is skipped (00:00-01:30 lasts one hour)', () => {
    const stretch = stretchInstants('2026-03-29', { opens: '00:00', closes: '01:30' }, LONDON)!;
    expect(stretch.length('minutes')).toBe(60);
    expect(iso(stretch.end)).toBe('2026-03-29T01:00:00.000Z');
  });

  it('has no hours at all for a stretch that lies wholly in the skipped hour', () => {
    expect(stretchInstants('2026-03-29', { opens: '01:10', closes: '01:50' }, LONDON)).toBeNull();
  });

  it('honours the local hours of a hearing booked on the Monday after the change', () => {
    // 09:00 BST = 08:00 UTC.
    expect(
      isWithinHours(
        nineToFive,
        [],
        LONDON,
        DateTime.fromISO('2026-03-30T08:00:00Z'),
        DateTime.fromISO('2026-03-30T09:00:00Z'),
      ),
    ).toBe(true);
    expect(
      isWithinHours(
        nineToFive,
        [],
        LONDON,
        DateTime.fromISO('2026-03-30T07:30:00Z'),
        DateTime.fromISO('2026-03-30T08:30:00Z'),
      ),
    ).toBe(false);
  });
});

describe('a court in London across the change back (Sunday 2026-10-25, 02:00 BST → 01:00 GMT)', () => {
  it('keeps a 09:00-17:00 day 8 hours long, one hour later in UTC than the day before', () => {
    const [saturday] = openIntervals(nineToFive, [], LONDON, at('2026-10-24T00:00'), at('2026-10-25T00:00'));
    const [sunday] = openIntervals(nineToFive, [], LONDON, at('2026-10-25T00:00'), at('2026-10-26T00:00'));
    expect([iso(saturday.start), iso(saturday.end)]).toEqual(['2026-10-24T08:00:00.000Z', '2026-10-24T16:00:00.000Z']);
    expect([iso(sunday.start), iso(sunday.end)]).toEqual(['2026-10-25T09:00:00.000Z', '2026-10-25T17:00:00.000Z']);
    expect(sunday.length('hours')).toBe(8);
  });

  it('makes a day open around the clock 25 hours long', () => {
    const open = openIntervals(allDay, [], LONDON, at('2026-10-25T00:00'), at('2026-10-26T00:00'));
    expect(open).toHaveLength(1);
    expect(open[0].length('hours')).toBe(25);
  });

  it('opens at the first 01:30 and closes at the last one when the time occurs twice', () => {
    expect(iso(stretchInstants('2026-10-25', { opens: '01:30', closes: '03:00' }, LONDON)!.start)).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(iso(stretchInstants('2026-10-25', { opens: '00:00', closes: '01:30' }, LONDON)!.end)).toBe(
      '2026-10-25T01:30:00.000Z',
    );
  });

  it('reads weekdays and closures in local dates, whatever the UTC date', () => {
    expect(
      hoursOn('2026-10-25', nineToFive, [
        { date: '2026-10-25', kind: 'closed', opens: null, closes: null, reason: 'Staff day' },
      ]).intervals,
    ).toEqual([]);
    expect(
      isWithinHours([], [], LONDON, DateTime.fromISO('2026-10-26T09:00:00Z'), DateTime.fromISO('2026-10-26T10:00:00Z')),
    ).toBe(true); // Monday 09:00 GMT
    expect(
      isWithinHours([], [], LONDON, DateTime.fromISO('2026-10-26T08:00:00Z'), DateTime.fromISO('2026-10-26T08:45:00Z')),
    ).toBe(false); // 08:00 GMT is before 08:30
  });
});
