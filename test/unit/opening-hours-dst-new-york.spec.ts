import { DateTime } from 'luxon';
import { isWithinHours, openIntervals, stretchInstants } from '../../src/modules/calendars/opening-hours';

const NY = 'America/New_York';
const at = (local: string) => DateTime.fromISO(local, { zone: NY });
const iso = (dt: DateTime | null) => dt!.toUTC().toISO();
const everyDay = (opens: string, closes: string) =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens, closes }));

describe('a detention center in New York across spring forward (Sunday 2026-03-08, 02:00 EST → 03:00 EDT)', () => {
  it('keeps 09:00-17:00 eight hours long, from 13:00 UTC instead of 14:00', () => {
    const [saturday] = openIntervals(
      everyDay('09:00', '17:00'),
      [],
      NY,
      at('2026-03-07T00:00'),
      at('2026-03-08T00:00'),
    );
    const [sunday] = openIntervals(everyDay('09:00', '17:00'), [], NY, at('2026-03-08T00:00'), at('2026-03-09T00:00'));
    expect([iso(saturday.start), iso(saturday.end)]).toEqual(['2026-03-07T14:00:00.000Z', '2026-03-07T22:00:00.000Z']);
    expect([iso(sunday.start), iso(sunday.end)]).toEqual(['2026-03-08T13:00:00.000Z', '2026-03-08T21:00:00.000Z']);
  });

  it('makes 00:00-12:00 last 11 hours that day only', () => {
    expect(
      openIntervals(everyDay('00:00', '12:00'), [], NY, at('2026-03-08T00:00'), at('2026-03-09T00:00'))[0].length(
        'hours',
      ),
    ).toBe(11);
    expect(
      openIntervals(everyDay('00:00', '12:00'), [], NY, at('2026-03-09T00:00'), at('2026-03-10T00:00'))[0].length(
        'hours',
      ),
    ).toBe(12);
  });

  it('opens at 03:00 EDT when asked to open at the skipped 02:30', () => {
    const stretch = stretchInstants('2026-03-08', { opens: '02:30', closes: '08:00' }, NY)!;
    expect(iso(stretch.start)).toBe('2026-03-08T07:00:00.000Z');
    expect(stretch.start!.setZone(NY).toFormat('HH:mm ZZZZ')).toBe('03:00 EDT');
    expect(stretch.length('hours')).toBe(5);
  });

  it('accepts a hearing 01:30-03:30 local on an around-the-clock day: 1 hour of real time', () => {
    const hours = everyDay('00:00', '24:00');
    expect(isWithinHours(hours, [], NY, at('2026-03-08T01:30'), at('2026-03-08T03:30'))).toBe(true);
  });
});

describe('a detention center in New York across fall back (Sunday 2026-11-01, 02:00 EDT → 01:00 EST)', () => {
  it('keeps 09:00-17:00 eight hours long, from 14:00 UTC instead of 13:00', () => {
    const [saturday] = openIntervals(
      everyDay('09:00', '17:00'),
      [],
      NY,
      at('2026-10-31T00:00'),
      at('2026-11-01T00:00'),
    );
    const [sunday] = openIntervals(everyDay('09:00', '17:00'), [], NY, at('2026-11-01T00:00'), at('2026-11-02T00:00'));
    expect([iso(saturday.start), iso(saturday.end)]).toEqual(['2026-10-31T13:00:00.000Z', '2026-10-31T21:00:00.000Z']);
    expect([iso(sunday.start), iso(sunday.end)]).toEqual(['2026-11-01T14:00:00.000Z', '2026-11-01T22:00:00.000Z']);
  });

  it('makes 00:00-12:00 last 13 hours that day', () => {
    expect(
      openIntervals(everyDay('00:00', '12:00'), [], NY, at('2026-11-01T00:00'), at('2026-11-02T00:00'))[0].length(
        'hours',
      ),
    ).toBe(13);
  });

  it('closes at the second 01:30 (EST) when the closing time occurs twice', () => {
    const stretch = stretchInstants('2026-11-01', { opens: '00:00', closes: '01:30' }, NY)!;
    expect(iso(stretch.end)).toBe('2026-11-01T06:30:00.000Z');
    expect(stretch.end!.setZone(NY).toFormat('HH:mm ZZZZ')).toBe('01:30 EST');
    expect(stretch.length('minutes')).toBe(150);
  });

  it('refuses a hearing at 08:30 EST on Monday 2026-11-02 under the default hours but takes 08:30-09:30', () => {
    expect(
      isWithinHours([], [], NY, DateTime.fromISO('2026-11-02T13:00:00Z'), DateTime.fromISO('2026-11-02T13:45:00Z')),
    ).toBe(false); // 08:00 EST
    expect(
      isWithinHours([], [], NY, DateTime.fromISO('2026-11-02T13:30:00Z'), DateTime.fromISO('2026-11-02T14:30:00Z')),
    ).toBe(true);
  });
});

describe('the same day of 2027 (New York 2027-03-14, London 2027-03-28)', () => {
  it('moves with the rules of 2027, not with a fixed date', () => {
    expect(
      openIntervals(everyDay('00:00', '24:00'), [], NY, at('2027-03-14T00:00'), at('2027-03-15T00:00'))[0].length(
        'hours',
      ),
    ).toBe(23);
    const london = DateTime.fromISO('2027-03-28T00:00', { zone: 'Europe/London' });
    expect(
      openIntervals(everyDay('00:00', '24:00'), [], 'Europe/London', london, london.plus({ days: 1 }))[0].length(
        'hours',
      ),
    ).toBe(23);
  });
});
