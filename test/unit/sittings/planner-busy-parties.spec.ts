import { planSitting } from '../../../src/modules/sittings/sitting-planner';
import { center, input, iv, kase, timeline } from './planner.helpers';

describe('sitting planner: parties busy elsewhere', () => {
  it('a lawyer busy elsewhere pushes the case later, and the others go first', () => {
    const plan = planSitting(
      input({
        centers: [center('c', 3)],
        cases: [
          kase('A', 20, 'c', { 'defense_lawyer:lawyer-a': [iv('08:00', '09:40')] }),
          kase('B', 20, 'c'),
          kase('C', 20, 'c'),
        ],
      }),
    );
    expect(timeline(plan)).toEqual(['B@09:00-09:20/c-room-1', 'C@09:20-09:40/c-room-2', 'A@09:40-10:00/c-room-3']);
    expect(plan.spanMinutes).toBe(plan.lowerBoundMinutes);
  });

  it('a defendant busy in the middle of the morning is heard before or after it, never during it', () => {
    const plan = planSitting(
      input({
        centers: [center('c', 2)],
        cases: [
          kase('A', 30, 'c', { 'defendant:d-a': [iv('09:10', '11:00')] }),
          kase('B', 30, 'c'),
          kase('C', 30, 'c'),
        ],
      }),
    );
    const a = plan.hearings.find((h) => h.caseId === 'A')!;
    expect(a.endsAt <= iv('09:10', '11:00').start! || a.startsAt >= iv('09:10', '11:00').end!).toBe(true);
    expect(plan.unscheduled).toEqual([]);
  });

  it('leaves the judge free where the judge is already booked', () => {
    const plan = planSitting(
      input({
        shared: [{ resourceType: 'judge', resourceId: 'judge-1', busy: [iv('09:30', '10:00')] }],
        centers: [center('c', 2)],
        cases: ['A', 'B', 'C'].map((id) => kase(id, 20, 'c')),
      }),
    );
    expect(timeline(plan)).toEqual(['A@09:00-09:20/c-room-1', 'B@10:00-10:20/c-room-2', 'C@10:20-10:40/c-room-1']);
  });

  it('does not use a video room already reserved by another hearing (buffer included)', () => {
    const plan = planSitting(
      input({
        centers: [center('c', 2, { busy: { 0: [iv('08:30', '10:00')] } })],
        cases: ['A', 'B'].map((id) => kase(id, 20, 'c')),
      }),
    );
    // Room 1 is held until 10:00; a hearing in it needs its 10-minute escort first, so not before 10:10.
    expect(timeline(plan)).toEqual(['A@09:00-09:20/c-room-2', 'B@09:40-10:00/c-room-2']);
  });
});
