import { Interval } from 'luxon';
import { findSlots, SlotSearch } from '../../src/modules/availability/slot-finder';
import { at, hm, iv } from './slot-finder.helpers';

const allDay = [iv('00:00', '23:59')];

function search(overrides: Partial<SlotSearch>): SlotSearch {
  return {
    durationMinutes: 30,
    gridMinutes: 5,
    zone: 'Asia/Shanghai',
    window: iv('09:00', '17:00'),
    limit: 5,
    busy: [],
    hours: [{ open: allDay }],
    ...overrides,
  };
}

const starts = (s: SlotSearch) => findSlots(s).map((slot) => hm(slot.startsAt));

describe('slot finder', () => {
  it('offers the start of the window first when everyone is free', () => {
    expect(starts(search({ limit: 3 }))).toEqual(['09:00', '09:05', '09:10']);
  });

  it('offers a slot that starts exactly when a busy hearing ends (half-open ranges)', () => {
    expect(starts(search({ busy: [iv('09:00', '10:00')], limit: 1 }))).toEqual(['10:00']);
  });

  it('offers a slot that ends exactly when a busy hearing starts, and none that overlaps it by a minute', () => {
    const slots = starts(search({ window: iv('09:00', '10:30'), busy: [iv('09:30', '10:00')], limit: 20 }));
    expect(slots).toContain('09:00');
    expect(slots).not.toContain('09:05');
    expect(slots).not.toContain('09:25');
    expect(slots.filter((s) => s > '09:00')[0]).toBe('10:00');
  });

  it('keeps every slot inside the window asked for', () => {
    const slots = findSlots(search({ window: iv('09:00', '10:00'), limit: 100 }));
    expect(hm(slots[0].startsAt)).toBe('09:00');
    expect(hm(slots[slots.length - 1].startsAt)).toBe('09:30');
    expect(slots).toHaveLength(7);
  });

  it('puts starts on the grid of the court wall clock', () => {
    expect(starts(search({ window: iv('09:02', '17:00'), limit: 2 }))).toEqual(['09:05', '09:10']);
    expect(starts(search({ window: iv('09:02', '17:00'), gridMinutes: 15, limit: 2 }))).toEqual(['09:15', '09:30']);
  });

  it('aligns the grid on local time in a zone with a 45-minute offset', () => {
    const zone = 'Asia/Kathmandu';
    const slots = findSlots(
      search({
        zone,
        gridMinutes: 60,
        window: iv('08:10', '12:00', '2026-03-09', zone),
        hours: [{ open: [iv('00:00', '23:59', '2026-03-09', zone)] }],
        limit: 2,
      }),
    );
    expect(slots.map((s) => hm(s.startsAt, zone))).toEqual(['09:00', '10:00']);
  });

  it('offers no slot that straddles a lunch closure', () => {
    const slots = starts(
      search({
        window: iv('11:00', '15:00'),
        hours: [{ open: [iv('08:30', '12:00'), iv('14:00', '17:30')] }],
        limit: 100,
      }),
    );
    expect(slots[slots.length - 1]).toBe('14:30');
    expect(slots).toContain('11:30');
    expect(slots).not.toContain('11:35');
    expect(slots).toContain('14:00');
    expect(slots.some((s) => s > '11:30' && s < '14:00')).toBe(false);
  });

  it('needs every organization open at once', () => {
    const slots = starts(
      search({
        hours: [{ open: [iv('08:30', '12:00')] }, { open: [iv('10:00', '17:00')] }],
        limit: 1,
      }),
    );
    expect(slots).toEqual(['10:00']);
  });

  it('joins touching opening ranges so a hearing may run across the seam', () => {
    const slots = starts(
      search({
        window: iv('11:45', '13:00'),
        hours: [{ open: [iv('09:00', '12:00'), iv('12:00', '13:00')] }],
        limit: 1,
      }),
    );
    expect(slots).toEqual(['11:45']);
  });

  it('keeps the detention center escort buffer inside the center hours', () => {
    const slots = findSlots(
      search({
        window: iv('08:00', '12:00'),
        hours: [
          { open: [iv('08:30', '12:00')] },
          { open: [iv('08:30', '12:00')], beforeMinutes: 10, afterMinutes: 10 },
        ],
        videoRoom: { bufferMinutes: 10, candidates: [{ id: 'room-1', busy: [] }] },
        limit: 100,
      }),
    );
    expect(hm(slots[0].startsAt)).toBe('08:40');
    expect(hm(slots[slots.length - 1].endsAt)).toBe('11:50');
  });

  it('holds the video room for the escort buffer on both sides', () => {
    // The room is reserved 09:00-10:00 (a 09:10-09:50 hearing with its buffers): the next one starts at 10:10.
    const slots = findSlots(
      search({
        videoRoom: { bufferMinutes: 10, candidates: [{ id: 'room-1', busy: [iv('09:00', '10:00')] }] },
        window: iv('08:00', '12:00'),
        limit: 1,
      }),
    );
    expect(slots.map((s) => [hm(s.startsAt), s.videoRoomId])).toEqual([['08:00', 'room-1']]);
    const later = findSlots(
      search({
        videoRoom: { bufferMinutes: 10, candidates: [{ id: 'room-1', busy: [iv('09:00', '10:00')] }] },
        window: iv('08:40', '12:00'),
        limit: 1,
      }),
    );
    expect(later.map((s) => [hm(s.startsAt), s.videoRoomId])).toEqual([['10:10', 'room-1']]);
  });

  it('takes another video room of the center when the first one is held', () => {
    const slots = findSlots(
      search({
        videoRoom: {
          bufferMinutes: 10,
          candidates: [
            { id: 'room-1', busy: [iv('09:00', '10:00')] },
            { id: 'room-2', busy: [iv('08:00', '09:30')] },
          ],
        },
        window: iv('09:00', '12:00'),
        limit: 100,
      }),
    );
    const roomAt = new Map(slots.map((s) => [hm(s.startsAt), s.videoRoomId]));
    expect(hm(slots[0].startsAt)).toBe('09:40');
    expect(roomAt.get('09:40')).toBe('room-2');
    expect(roomAt.get('10:10')).toBe('room-1'); // both free: the first candidate
  });

  it('offers nothing when the hearing needs a video room and the center has none', () => {
    expect(findSlots(search({ videoRoom: { bufferMinutes: 10, candidates: [] } }))).toEqual([]);
  });

  it('returns at most the limit, earliest first, over several days', () => {
    const days = ['2026-03-09', '2026-03-10'];
    const slots = findSlots(
      search({
        window: Interval.fromDateTimes(at('09:00', days[0]), at('17:00', days[1])),
        hours: [{ open: days.map((d) => iv('09:00', '10:00', d)) }],
        durationMinutes: 60,
        limit: 3,
      }),
    );
    expect(slots.map((s) => s.startsAt.setZone('Asia/Shanghai').toFormat('MM-dd HH:mm'))).toEqual([
      '03-09 09:00',
      '03-10 09:00',
    ]);
  });
});
