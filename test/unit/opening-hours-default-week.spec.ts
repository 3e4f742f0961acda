import { DateTime } from 'luxon';
import {
  DEFAULT_WEEKLY_HOURS,
  hoursOn,
  isWithinHours,
  openIntervals,
  overlapsWithin,
} from '../../src/modules/calendars/opening-hours';

const SH = 'Asia/Shanghai';
const at = (local: string) => DateTime.fromISO(local, { zone: SH });
const utc = (intervals: { start: DateTime | null; end: DateTime | null }[]) =>
  intervals.map((i) => `${i.start!.toUTC().toISO()}/${i.end!.toUTC().toISO()}`);

describe('a court in Shanghai that has set no hours keeps the default week', () => {
  it('is open Monday to Friday 08:30-12:00 and 14:00-17:30, local time', () => {
    // 2026-03-09 is a Monday; Shanghai is UTC+8 all year.
    expect(utc(openIntervals([], [], SH, at('2026-03-09T00:00'), at('2026-03-10T00:00')))).toEqual([
      '2026-03-09T00:30:00.000Z/2026-03-09T04:00:00.000Z',
      '2026-03-09T06:00:00.000Z/2026-03-09T09:30:00.000Z',
    ]);
    expect(hoursOn('2026-03-13', [], []).intervals).toEqual([
      { opens: '08:30', closes: '12:00' },
      { opens: '14:00', closes: '17:30' },
    ]);
    expect(hoursOn('2026-03-13', [], []).source).toBe('default');
  });

  it('is closed on Saturday and Sunday', () => {
    expect(openIntervals([], [], SH, at('2026-03-14T00:00'), at('2026-03-16T00:00'))).toEqual([]);
    expect(hoursOn('2026-03-15', [], []).intervals).toEqual([]);
  });

  it('accepts a hearing that ends exactly at the lunch break and one that starts when the afternoon opens', () => {
    expect(isWithinHours([], [], SH, at('2026-03-09T11:00'), at('2026-03-09T12:00'))).toBe(true);
    expect(isWithinHours([], [], SH, at('2026-03-09T14:00'), at('2026-03-09T14:20'))).toBe(true);
    expect(isWithinHours([], [], SH, at('2026-03-09T08:30'), at('2026-03-09T12:00'))).toBe(true);
  });

  it('refuses a hearing that runs into the lunch break, spans it, or starts before opening', () => {
    expect(isWithinHours([], [], SH, at('2026-03-09T11:50'), at('2026-03-09T12:10'))).toBe(false);
    expect(isWithinHours([], [], SH, at('2026-03-09T11:00'), at('2026-03-09T15:00'))).toBe(false);
    expect(isWithinHours([], [], SH, at('2026-03-09T08:20'), at('2026-03-09T08:40'))).toBe(false);
    expect(isWithinHours([], [], SH, at('2026-03-09T17:20'), at('2026-03-09T17:31'))).toBe(false);
  });

  it('refuses an empty or reversed range', () => {
    expect(isWithinHours([], [], SH, at('2026-03-09T10:00'), at('2026-03-09T10:00'))).toBe(false);
    expect(isWithinHours([], [], SH, at('2026-03-09T10:00'), at('2026-03-09T09:00'))).toBe(false);
  });
});

describe('a detention center with its own week', () => {
  const weekly = [
    { weekday: 1, opens: '09:00', closes: '12:00' },
    { weekday: 1, opens: '13:00', closes: '16:00' },
    { weekday: 6, opens: '09:00', closes: '11:00' },
  ];

  it('uses only its own stretches: the default no longer applies', () => {
    expect(hoursOn('2026-03-09', weekly, []).intervals).toEqual([
      { opens: '09:00', closes: '12:00' },
      { opens: '13:00', closes: '16:00' },
    ]);
    expect(hoursOn('2026-03-10', weekly, []).intervals).toEqual([]);
    expect(hoursOn('2026-03-14', weekly, []).intervals).toEqual([{ opens: '09:00', closes: '11:00' }]);
    expect(isWithinHours(weekly, [], SH, at('2026-03-10T09:00'), at('2026-03-10T10:00'))).toBe(false);
    expect(isWithinHours(weekly, [], SH, at('2026-03-14T09:00'), at('2026-03-14T10:00'))).toBe(true);
  });

  it('can stay open until midnight and from midnight: a hearing across midnight fits one joined interval', () => {
    const night = [
      { weekday: 1, opens: '18:00', closes: '24:00' },
      { weekday: 2, opens: '00:00', closes: '06:00' },
    ];
    expect(utc(openIntervals(night, [], SH, at('2026-03-09T00:00'), at('2026-03-11T00:00')))).toEqual([
      '2026-03-09T10:00:00.000Z/2026-03-09T22:00:00.000Z',
    ]);
    expect(isWithinHours(night, [], SH, at('2026-03-09T23:30'), at('2026-03-10T00:30'))).toBe(true);
  });
});

describe('checking a week of stretches', () => {
  it('finds stretches of one day that overlap or touch, and lets separate ones pass', () => {
    expect(
      overlapsWithin([
        { opens: '09:00', closes: '12:00' },
        { opens: '11:00', closes: '13:00' },
      ]),
    ).toEqual([0, 1]);
    expect(
      overlapsWithin([
        { opens: '14:00', closes: '17:00' },
        { opens: '09:00', closes: '14:00' },
      ]),
    ).toEqual([1, 0]);
    expect(
      overlapsWithin([
        { opens: '09:00', closes: '12:00' },
        { opens: '12:01', closes: '13:00' },
      ]),
    ).toBeNull();
    expect(overlapsWithin(DEFAULT_WEEKLY_HOURS.filter((w) => w.weekday === 1))).toBeNull();
  });
});
