import { DateTime } from 'luxon';
import { instantsAroundDates } from '../../../src/modules/statistics/stats-window';

describe('the instants around a window of local dates', () => {
  it('hold the window in the zones furthest east and west, and stop within a day of it', () => {
    const { start, end } = instantsAroundDates('2020-03-01', '2020-03-31');
    // Kiritimati (+14:00) starts 1 March at 29 February 10:00 UTC; Baker Island time (-12:00) ends 31 March at
    // 1 April 12:00 UTC.
    const east = DateTime.fromISO('2020-03-01T00:00', { zone: 'Pacific/Kiritimati' }).toJSDate();
    const west = DateTime.fromISO('2020-04-01T00:00', { zone: 'Etc/GMT+12' }).toJSDate();
    expect(start).toEqual(east);
    expect(end).toEqual(west);
    expect(start).toEqual(new Date('2020-02-29T10:00:00Z'));
    expect(end).toEqual(new Date('2020-04-01T12:00:00Z'));
  });
});
