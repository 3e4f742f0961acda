import fc from 'fast-check';
import { DateTime, Interval } from 'luxon';
import { findSlots, SlotSearch } from '../../src/modules/availability/slot-finder';

/**
 * The slot finder against the rule it implements, checked minute by minute: a start on the grid is offered when
 * [start, end) is inside the window and every organization's hours (widened by its buffer), overlaps no busy
 * range, and (when a room is needed) some candidate room is free over [start - buffer, end + buffer).
 */
const BASE = DateTime.fromISO('2026-03-09T00:00:00Z', { zone: 'utc' });
const t = (minute: number) => BASE.plus({ minutes: minute });
const span = (a: number, b: number) => Interval.fromDateTimes(t(a), t(b));

const range = fc
  .tuple(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 1, max: 120 }))
  .map(([a, len]) => [a, a + len] as const);

const overlaps = (a: readonly [number, number], b: readonly [number, number]) => a[0] < b[1] && b[0] < a[1];
const inside = (a: readonly [number, number], opens: ReadonlyArray<readonly [number, number]>) => {
  // Touching opening ranges count as one: walk them as a union.
  const sorted = [...opens].sort((x, y) => x[0] - y[0]);
  let reach = -Infinity;
  let from = -Infinity;
  for (const [s, e] of sorted) {
    if (s > reach) {
      from = s;
      reach = e;
    } else reach = Math.max(reach, e);
    if (from <= a[0] && reach >= a[1]) return true;
  }
  return false;
};

describe('slot finder against a minute-by-minute check', () => {
  it('offers exactly the earliest valid grid starts, with the first free room', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 90 }),
        fc.constantFrom(1, 5, 15),
        range,
        fc.array(range, { maxLength: 6 }),
        fc.array(fc.array(range, { minLength: 1, maxLength: 3 }), { maxLength: 2 }),
        fc.option(
          fc.record({
            buffer: fc.integer({ min: 0, max: 20 }),
            rooms: fc.array(fc.array(range, { maxLength: 4 }), { minLength: 1, maxLength: 3 }),
          }),
        ),
        fc.integer({ min: 1, max: 30 }),
        (duration, grid, windowRange, busy, hours, video, limit) => {
          const window = [windowRange[0], windowRange[0] + 60 + windowRange[1] * 3] as const;
          const s: SlotSearch = {
            durationMinutes: duration,
            gridMinutes: grid,
            zone: 'UTC',
            window: span(window[0], window[1]),
            limit,
            busy: busy.map(([a, b]) => span(a, b)),
            hours: hours.map((h) => ({ open: h.map(([a, b]) => span(a, b)) })),
            videoRoom: video
              ? {
                  bufferMinutes: video.buffer,
                  candidates: video.rooms.map((r, i) => ({ id: `room-${i}`, busy: r.map(([a, b]) => span(a, b)) })),
                }
              : undefined,
          };
          const expected: Array<[number, string | null]> = [];
          for (let m = 0; m <= 1200 && expected.length < limit; m += grid) {
            const hearing = [m, m + duration] as const;
            if (m < window[0] || hearing[1] > window[1]) continue;
            if (!hours.every((h) => inside(hearing, h))) continue;
            if (busy.some((b) => overlaps(hearing, b))) continue;
            if (!video) {
              expected.push([m, null]);
              continue;
            }
            const held = [m - video.buffer, m + duration + video.buffer] as const;
            const room = video.rooms.findIndex((r) => !r.some((b) => overlaps(held, b)));
            if (room >= 0) expected.push([m, `room-${room}`]);
          }
          const actual = findSlots(s).map((slot) => [slot.startsAt.diff(BASE).as('minutes'), slot.videoRoomId]);
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });
});
