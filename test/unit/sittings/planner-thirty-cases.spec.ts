import { planSitting } from '../../../src/modules/sittings/sitting-planner';
import { center, input, iv, kase } from './planner.helpers';

describe('sitting planner: a full day of plea cases from three centers', () => {
  // 30 cases of 6 to 20 minutes, listed center by center as a clerk receives them.
  const durations = Array.from({ length: 30 }, (_, i) => 6 + ((i * 7) % 15));
  const cases = durations.map((d, i) => kase(`case-${i + 1}`, d, ['north', 'east', 'west'][Math.floor(i / 10)]));
  const centers = ['north', 'east', 'west'].map((id) => center(id, 2, { buffer: 10 }));

  it('hears all thirty with no idle time: span equals the lower bound', () => {
    const plan = planSitting(input({ window: iv('08:30', '17:30'), gapMinutes: 2, centers, cases }));
    expect(plan.unscheduled).toEqual([]);
    expect(plan.hearings).toHaveLength(30);
    expect(plan.lowerBoundMinutes).toBe(durations.reduce((a, b) => a + b, 0) + 29 * 2);
    expect(plan.spanMinutes).toBe(plan.lowerBoundMinutes);
  });

  it('whereas hearing them in the order listed waits over an hour in all for escorts', () => {
    const listed = planSitting(input({ window: iv('08:30', '17:30'), gapMinutes: 2, centers, cases, keepOrder: true }));
    expect(listed.hearings).toHaveLength(30);
    expect(listed.spanMinutes - listed.lowerBoundMinutes).toBeGreaterThan(60);
  });
});
