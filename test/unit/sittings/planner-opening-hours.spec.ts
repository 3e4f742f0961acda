import { planSitting } from '../../../src/modules/sittings/sitting-planner';
import { center, hm, input, iv, kase, timeline } from './planner.helpers';

describe('sitting planner: opening hours', () => {
  it('stops for the court lunch closure and resumes when it reopens', () => {
    const plan = planSitting(
      input({
        window: iv('11:00', '15:00'),
        sharedHours: [{ open: [iv('08:30', '12:00'), iv('14:00', '17:30')] }],
        cases: ['A', 'B', 'C'].map((id) => kase(id, 25, null)),
      }),
    );
    expect(timeline(plan)).toEqual(['A@11:00-11:25', 'B@11:25-11:50', 'C@14:00-14:25']);
    expect(plan.spanMinutes).toBe(205);
    expect(plan.lowerBoundMinutes).toBe(75);
  });

  it('starts a case only when its detention center is open for the escort too', () => {
    const plan = planSitting(
      input({
        window: iv('08:30', '12:00'),
        centers: [center('c', 2, { open: [iv('08:30', '12:00')], buffer: 15 })],
        cases: [kase('A', 20, 'c'), kase('B', 20, null)],
      }),
    );
    expect(timeline(plan)).toEqual(['B@08:30-08:50', 'A@08:50-09:10/c-room-1']);
  });

  it('needs the court and the procuratorate open at once', () => {
    const plan = planSitting(
      input({
        sharedHours: [{ open: [iv('08:00', '12:00')] }, { open: [iv('09:30', '12:00')] }],
        cases: [kase('A', 15, null)],
      }),
    );
    expect(hm(plan.startsAt)).toBe('09:30');
  });
});
