import { joinWindow, type JoinWindowFacts } from '../../../src/modules/video/join-window';

const at = (iso: string) => new Date(iso);
const hearing: JoinWindowFacts = {
  startsAt: at('2031-03-10T01:00:00Z'),
  endsAt: at('2031-03-10T01:30:00Z'),
  status: 'scheduled',
  liveState: 'not_started',
  closedAt: null,
  endedAt: null,
};

describe('the join window', () => {
  it('opens 30 minutes before the start and closes an hour after the end', () => {
    const window = { opensAt: at('2031-03-10T00:30:00Z'), closesAt: at('2031-03-10T02:30:00Z') };
    expect(joinWindow(hearing, at('2031-03-10T00:29:59Z'), 30)).toEqual({
      open: false,
      reason: 'not_yet_open',
      ...window,
    });
    expect(joinWindow(hearing, at('2031-03-10T00:30:00Z'), 30)).toEqual({ open: true, ...window });
    expect(joinWindow(hearing, at('2031-03-10T02:29:59Z'), 30)).toEqual({ open: true, ...window });
    expect(joinWindow(hearing, at('2031-03-10T02:30:00Z'), 30)).toEqual({ open: false, reason: 'closed', ...window });
  });

  it('follows the configured opening', () => {
    expect(joinWindow(hearing, at('2031-03-10T00:00:00Z'), 60)).toMatchObject({
      open: true,
      opensAt: at('2031-03-10T00:00:00Z'),
    });
  });

  it('closes when the judge closes the hearing, or it is cancelled or given its outcome', () => {
    const closed = { ...hearing, liveState: 'closed', closedAt: at('2031-03-10T01:20:00Z') };
    expect(joinWindow(closed, at('2031-03-10T01:21:00Z'), 30)).toEqual({
      open: false,
      reason: 'closed',
      opensAt: at('2031-03-10T00:30:00Z'),
      closesAt: at('2031-03-10T01:20:00Z'),
    });
    const cancelled = { ...hearing, status: 'cancelled', endedAt: at('2031-03-01T08:00:00Z') };
    expect(joinWindow(cancelled, at('2031-03-10T00:40:00Z'), 30)).toMatchObject({
      open: false,
      reason: 'closed',
      closesAt: at('2031-03-10T00:30:00Z'),
    });
    const completed = { ...hearing, status: 'completed', endedAt: null };
    expect(joinWindow(completed, at('2031-03-10T01:10:00Z'), 30)).toMatchObject({ open: false, reason: 'closed' });
  });
});
