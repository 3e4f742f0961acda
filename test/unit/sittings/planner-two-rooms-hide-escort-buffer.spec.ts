import { planSitting } from '../../../src/modules/sittings/sitting-planner';
import { center, input, kase, timeline } from './planner.helpers';

describe('sitting planner: two rooms of one center hide the escort buffer', () => {
  // A room is held 10 minutes before and after each hearing: with 20-minute hearings, two rooms in turn are
  // each free again exactly when their next defendant is due.
  const cases = ['A', 'B', 'C', 'D'].map((id) => kase(id, 20, 'center'));

  it('hears four 20-minute cases back to back, alternating the two rooms', () => {
    const plan = planSitting(input({ centers: [center('center', 2, { buffer: 10 })], cases }));
    expect(timeline(plan)).toEqual([
      'A@09:00-09:20/center-room-1',
      'B@09:20-09:40/center-room-2',
      'C@09:40-10:00/center-room-1',
      'D@10:00-10:20/center-room-2',
    ]);
    expect(plan.spanMinutes).toBe(80);
    expect(plan.lowerBoundMinutes).toBe(80);
    expect(plan.unscheduled).toEqual([]);
  });

  it('with one room, waits for the escort between hearings', () => {
    const plan = planSitting(input({ centers: [center('center', 1, { buffer: 10 })], cases }));
    // 20 minutes of escort (10 after, 10 before) between two hearings in the same room.
    expect(timeline(plan)).toEqual([
      'A@09:00-09:20/center-room-1',
      'B@09:40-10:00/center-room-1',
      'C@10:20-10:40/center-room-1',
      'D@11:00-11:20/center-room-1',
    ]);
    expect(plan.spanMinutes).toBe(140);
    expect(plan.lowerBoundMinutes).toBe(80);
  });

  it('with shorter hearings than the escort, waits only as long as the rooms need', () => {
    const short = ['A', 'B', 'C', 'D'].map((id) => kase(id, 15, 'center'));
    const plan = planSitting(input({ centers: [center('center', 2, { buffer: 10 })], cases: short }));
    // Each room needs 35 minutes per hearing (15 + 2 x 10): the third hearing waits 5 minutes for room 1.
    expect(timeline(plan)).toEqual([
      'A@09:00-09:15/center-room-1',
      'B@09:15-09:30/center-room-2',
      'C@09:35-09:50/center-room-1',
      'D@09:50-10:05/center-room-2',
    ]);
  });

  it('with one room in each of two centers, alternates the centers', () => {
    const two = ['A1', 'A2', 'B1', 'B2'].map((id) => kase(id, 20, id.startsWith('A') ? 'a' : 'b'));
    const plan = planSitting(input({ centers: [center('a', 1), center('b', 1)], cases: two }));
    expect(plan.spanMinutes).toBe(80);
    expect(plan.hearings.map((h) => h.videoRoomId)).toEqual(['a-room-1', 'b-room-1', 'a-room-1', 'b-room-1']);
  });

  it('counts the gap between hearings in the span and in the lower bound', () => {
    const plan = planSitting(input({ centers: [center('center', 2)], cases, gapMinutes: 5 }));
    expect(plan.lowerBoundMinutes).toBe(4 * 20 + 3 * 5);
    expect(plan.spanMinutes).toBe(plan.lowerBoundMinutes);
    expect(timeline(plan)[1]).toBe('B@09:25-09:45/center-room-2');
  });
});
