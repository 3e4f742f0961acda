import { planSitting } from '../../../src/modules/sittings/sitting-planner';
import { center, input, iv, kase } from './planner.helpers';

describe('sitting planner: a case that cannot fit is listed, not dropped', () => {
  it('lists the case that does not fit after the others, with its reason', () => {
    const plan = planSitting(
      input({
        window: iv('09:00', '10:00'),
        centers: [center('c', 2)],
        cases: ['A', 'B', 'C'].map((id) => kase(id, 25, 'c')),
      }),
    );
    expect(plan.hearings).toHaveLength(2);
    expect(plan.unscheduled).toEqual([
      { caseId: 'C', code: 'WINDOW_FULL', reason: expect.stringContaining('not after the other 2 case(s)') },
    ]);
  });

  it('lists a case longer than the window', () => {
    const plan = planSitting(
      input({ window: iv('09:00', '09:30'), cases: [kase('long', 45, null), kase('short', 10, null)] }),
    );
    expect(plan.hearings.map((h) => h.caseId)).toEqual(['short']);
    expect(plan.unscheduled).toEqual([
      { caseId: 'long', code: 'LONGER_THAN_WINDOW', reason: expect.stringContaining('45 minutes') },
    ]);
  });

  it('names the lawyer who is busy for the whole window', () => {
    const plan = planSitting(
      input({ cases: [kase('A', 15, null, { 'defense_lawyer:lawyer-7': [iv('08:00', '13:00')] })] }),
    );
    expect(plan.unscheduled).toEqual([
      { caseId: 'A', code: 'PARTY_BUSY', reason: expect.stringContaining('defense_lawyer lawyer-7') },
    ]);
    expect(plan.hearings).toEqual([]);
    expect(plan.startsAt).toBeNull();
    expect(plan.spanMinutes).toBe(0);
  });

  it('lists a case whose detention center has no video room, or is closed', () => {
    const plan = planSitting(
      input({
        centers: [center('empty', 0), center('closed', 1, { open: [iv('14:00', '17:00')] })],
        cases: [kase('A', 15, 'empty'), kase('B', 15, 'closed'), kase('C', 15, null)],
      }),
    );
    expect(plan.unscheduled.map((u) => [u.caseId, u.code])).toEqual([
      ['A', 'NO_VIDEO_ROOM'],
      ['B', 'OUTSIDE_HOURS'],
    ]);
    expect(plan.hearings.map((h) => h.caseId)).toEqual(['C']);
  });

  it('lists a case when every room of its center is held all morning', () => {
    const plan = planSitting(
      input({ centers: [center('c', 1, { busy: { 0: [iv('08:00', '13:00')] } })], cases: [kase('A', 15, 'c')] }),
    );
    expect(plan.unscheduled.map((u) => u.code)).toEqual(['NO_VIDEO_ROOM']);
  });

  it('every case appears exactly once, heard or listed', () => {
    const cases = Array.from({ length: 12 }, (_, i) => kase(`K${i}`, 20, i % 2 ? 'c' : null));
    const plan = planSitting(input({ window: iv('09:00', '11:00'), centers: [center('c', 1)], cases }));
    const ids = [...plan.hearings.map((h) => h.caseId), ...plan.unscheduled.map((u) => u.caseId)].sort();
    expect(ids).toEqual(cases.map((c) => c.caseId).sort());
    expect(plan.hearings).toHaveLength(6);
  });
});
