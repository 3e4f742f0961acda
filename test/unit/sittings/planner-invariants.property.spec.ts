import fc from 'fast-check';
import { DateTime, Interval } from 'luxon';
import { planSitting, SittingPlanInput } from '../../../src/modules/sittings/sitting-planner';

/**
 * Whatever the input, a plan never breaks a rule: the bench hears one case at a time with the gap between,
 * no video room is used twice within its buffers, no party or room is used while busy elsewhere, every hearing
 * is inside the window and the hours, and every case is either heard or listed with a reason.
 */
const BASE = DateTime.fromISO('2026-03-09T01:00:00Z', { zone: 'utc' });
const t = (m: number) => BASE.plus({ minutes: m });
const span = ([a, b]: readonly [number, number]) => Interval.fromDateTimes(t(a), t(b));
const range = fc
  .tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 5, max: 90 }))
  .map(([a, l]) => [a, a + l] as const);
const minutes = (d: DateTime) => d.diff(BASE).as('minutes');
const overlaps = (a: readonly [number, number], b: readonly [number, number]) => a[0] < b[1] && b[0] < a[1];
const within = (a: readonly [number, number], opens: ReadonlyArray<readonly [number, number]>) =>
  opens.some(([s, e]) => s <= a[0] && a[1] <= e);

const scenario = fc.record({
  gap: fc.integer({ min: 0, max: 10 }),
  windowEnd: fc.integer({ min: 60, max: 360 }),
  sharedBusy: fc.array(range, { maxLength: 2 }),
  courtOpen: fc.constantFrom(
    [[0, 400]],
    [
      [0, 120],
      [180, 400],
    ],
  ) as fc.Arbitrary<Array<[number, number]>>,
  centers: fc.array(
    fc.record({
      buffer: fc.integer({ min: 0, max: 20 }),
      rooms: fc.array(fc.array(range, { maxLength: 2 }), { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  cases: fc.array(
    fc.record({
      duration: fc.integer({ min: 5, max: 40 }),
      center: fc.integer({ min: -1, max: 2 }),
      busy: fc.array(range, { maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 12 },
  ),
});

describe('sitting planner invariants', () => {
  it('never breaks a scheduling rule and never drops a case', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const centerOf = (i: number) => (i < 0 ? null : `c${i % s.centers.length}`);
        const input: SittingPlanInput = {
          window: span([0, s.windowEnd]),
          gapMinutes: s.gap,
          shared: [{ resourceType: 'judge', resourceId: 'judge', busy: s.sharedBusy.map(span) }],
          sharedHours: [{ open: s.courtOpen.map(span) }],
          centers: s.centers.map((c, i) => ({
            id: `c${i}`,
            bufferMinutes: c.buffer,
            open: [span([0, 400])],
            rooms: c.rooms.map((busy, r) => ({ id: `c${i}-r${r}`, busy: busy.map(span) })),
          })),
          cases: s.cases.map((c, i) => ({
            caseId: `k${i}`,
            durationMinutes: c.duration,
            centerId: centerOf(c.center),
            parties: [{ resourceType: 'defendant', resourceId: `d${i}`, busy: c.busy.map(span) }],
          })),
          shuffles: 2,
        };
        const plan = planSitting(input);

        const heard = plan.hearings.map((h) => h.caseId);
        const listed = plan.unscheduled.map((u) => u.caseId);
        expect([...heard, ...listed].sort()).toEqual(input.cases.map((c) => c.caseId).sort());
        for (const u of plan.unscheduled) expect(u.reason.length).toBeGreaterThan(0);

        const roomUse = new Map<string, Array<[number, number]>>();
        let previousEnd = -Infinity;
        for (const h of plan.hearings) {
          const i = Number(h.caseId.slice(1));
          const c = s.cases[i];
          const at: [number, number] = [minutes(h.startsAt), minutes(h.endsAt)];
          expect(at[1] - at[0]).toBe(c.duration);
          expect(at[0]).toBeGreaterThanOrEqual(Math.max(0, previousEnd + s.gap));
          expect(at[1]).toBeLessThanOrEqual(s.windowEnd);
          expect(within(at, s.courtOpen)).toBe(true);
          expect(s.sharedBusy.some((b) => overlaps(at, b))).toBe(false);
          expect(c.busy.some((b) => overlaps(at, b))).toBe(false);
          const centerId = centerOf(c.center);
          if (centerId === null) {
            expect(h.videoRoomId).toBeNull();
          } else {
            const ci = Number(centerId.slice(1));
            const buffer = s.centers[ci].buffer;
            const held: [number, number] = [at[0] - buffer, at[1] + buffer];
            expect(h.videoRoomId).toMatch(new RegExp(`^${centerId}-r\\d$`));
            const r = Number(h.videoRoomId!.split('-r')[1]);
            expect(s.centers[ci].rooms[r].some((b) => overlaps(held, b))).toBe(false);
            expect(held[0]).toBeGreaterThanOrEqual(0);
            const uses = roomUse.get(h.videoRoomId!) ?? [];
            expect(uses.some((u) => overlaps(held, u))).toBe(false);
            uses.push(held);
            roomUse.set(h.videoRoomId!, uses);
          }
          previousEnd = at[1];
        }
        expect(plan.spanMinutes).toBeGreaterThanOrEqual(plan.lowerBoundMinutes);
      }),
      { numRuns: 300 },
    );
  });
});
