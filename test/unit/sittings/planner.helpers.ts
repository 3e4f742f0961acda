import { Interval } from 'luxon';
import type {
  PlannerCase,
  PlannerCenter,
  SittingPlan,
  SittingPlanInput,
} from '../../../src/modules/sittings/sitting-planner';
import { hm, iv } from '../slot-finder.helpers';

export { hm, iv };

export const allDay = [iv('00:00', '23:59')];

export function center(
  id: string,
  rooms: number,
  opts: { buffer?: number; open?: Interval[]; busy?: Record<number, Interval[]> } = {},
): PlannerCenter {
  return {
    id,
    bufferMinutes: opts.buffer ?? 10,
    open: opts.open ?? allDay,
    rooms: Array.from({ length: rooms }, (_, i) => ({ id: `${id}-room-${i + 1}`, busy: opts.busy?.[i] ?? [] })),
  };
}

export function kase(
  caseId: string,
  durationMinutes: number,
  centerId: string | null,
  busy: Record<string, Interval[]> = {},
): PlannerCase {
  return {
    caseId,
    durationMinutes,
    centerId,
    parties: Object.entries(busy).map(([party, intervals]) => {
      const [resourceType, resourceId] = party.split(':');
      return { resourceType, resourceId, busy: intervals };
    }),
  };
}

export function input(overrides: Partial<SittingPlanInput>): SittingPlanInput {
  return {
    window: iv('09:00', '12:00'),
    gapMinutes: 0,
    shared: [],
    sharedHours: [{ open: allDay }],
    centers: [],
    cases: [],
    ...overrides,
  };
}

/** "case@HH:mm-HH:mm/room" for each hearing, in order: readable expectations. */
export function timeline(plan: SittingPlan): string[] {
  return plan.hearings.map(
    (h) => `${h.caseId}@${hm(h.startsAt)}-${hm(h.endsAt)}${h.videoRoomId ? `/${h.videoRoomId}` : ''}`,
  );
}
