import { DateTime } from 'luxon';
import { DayException, hoursOn, isWithinHours, openIntervals } from '../../src/modules/calendars/opening-hours';

const SH = 'Asia/Shanghai';
const at = (local: string) => DateTime.fromISO(local, { zone: SH });

// Spring Festival 2026: closed Sunday 15 to Monday 23 February; Saturdays 14 and 28 February are make-up working days (调休).
const springFestival: DayException[] = [
  ...['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23'].map((date) => ({
    date,
    kind: 'closed' as const,
    opens: null,
    closes: null,
    reason: 'Spring Festival',
  })),
  { date: '2026-02-14', kind: 'open', opens: null, closes: null, reason: 'Make-up working day for Spring Festival' },
  { date: '2026-02-28', kind: 'open', opens: '09:00', closes: '11:30', reason: 'Make-up working day, mornings only' },
  {
    date: '2026-02-28',
    kind: 'open',
    opens: '14:30',
    closes: '16:00',
    reason: 'Make-up working day, afternoon session',
  },
];

describe('a court in Shanghai over the Spring Festival', () => {
  it('is closed all day on a holiday Tuesday, and says why', () => {
    const day = hoursOn('2026-02-17', [], springFestival);
    expect(day).toEqual({ date: '2026-02-17', intervals: [], source: 'closure', reason: 'Spring Festival' });
    expect(openIntervals([], springFestival, SH, at('2026-02-17T00:00'), at('2026-02-18T00:00'))).toEqual([]);
    expect(isWithinHours([], springFestival, SH, at('2026-02-17T09:00'), at('2026-02-17T09:30'))).toBe(false);
  });

  it('works a make-up Saturday with the hours of a normal working day', () => {
    expect(hoursOn('2026-02-14', [], springFestival).intervals).toEqual([
      { opens: '08:30', closes: '12:00' },
      { opens: '14:00', closes: '17:30' },
    ]);
    expect(isWithinHours([], springFestival, SH, at('2026-02-14T09:00'), at('2026-02-14T09:30'))).toBe(true);
    // The Saturday before, with no exception, stays closed.
    expect(isWithinHours([], springFestival, SH, at('2026-02-07T09:00'), at('2026-02-07T09:30'))).toBe(false);
  });

  it("gives a make-up Saturday the court's own Monday hours when it has set a week", () => {
    const weekly = [
      { weekday: 1, opens: '09:00', closes: '17:00' },
      { weekday: 2, opens: '10:00', closes: '11:00' },
    ];
    expect(hoursOn('2026-02-14', weekly, springFestival).intervals).toEqual([{ opens: '09:00', closes: '17:00' }]);
    expect(isWithinHours(weekly, springFestival, SH, at('2026-02-14T12:30'), at('2026-02-14T13:00'))).toBe(true);
  });

  it('opens only the stretches given when a make-up day has hours of its own, each as an interval', () => {
    const open = openIntervals([], springFestival, SH, at('2026-02-28T00:00'), at('2026-03-01T00:00'));
    expect(
      open.map((i) => `${i.start!.setZone(SH).toFormat('HH:mm')}-${i.end!.setZone(SH).toFormat('HH:mm')}`),
    ).toEqual(['09:00-11:30', '14:30-16:00']);
    expect(hoursOn('2026-02-28', [], springFestival).reason).toBe(
      'Make-up working day, mornings only; Make-up working day, afternoon session',
    );
    expect(isWithinHours([], springFestival, SH, at('2026-02-28T11:00'), at('2026-02-28T12:00'))).toBe(false);
  });

  it('opens normally again the first Tuesday after the holiday', () => {
    expect(isWithinHours([], springFestival, SH, at('2026-02-24T08:30'), at('2026-02-24T09:00'))).toBe(true);
  });

  it('counts the open hours of the whole fortnight from the exceptions of those dates only', () => {
    const open = openIntervals([], springFestival, SH, at('2026-02-14T00:00'), at('2026-03-01T00:00'));
    const hours = open.reduce((sum, i) => sum + i.length('hours'), 0);
    // Full 7-hour days: the make-up Saturday 14 and Tuesday 24 to Friday 27; plus 4 h on Saturday 28.
    expect(hours).toBe(5 * 7 + 4);
  });
});
