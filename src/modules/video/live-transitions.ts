/*
 * The live state of a hearing, which the judge controls (the clerk of the court too; the prosecutor for a
 * plea_signing), as one pure function. Every change is kept with its time and actor by the caller.
 *
 *   not_started --start--> in_session <--pause/resume--> paused
 *                              |   ^                        |
 *                        suspend   resume                suspend
 *                              v   |                        v
 *                            suspended <--------------------+
 *
 *   in_session, paused, suspended --close--> closed (final)
 *
 * - `start` opens the hearing (everyone leaves the waiting room) and is the actual start time.
 * - `pause` sends everyone but the judge and the clerk back to the waiting room; `resume` brings them back.
 * - `suspend` marks that technical help is needed (also set by the service when the last judge and clerk leave a
 *   hearing in session); `resume` goes on from there.
 * - `close` ends it: the actual close time; the room is deleted and no token is minted after it.
 * - A hearing never started is not closed: it is cancelled, or given an outcome.
 */

export type LiveState = 'not_started' | 'in_session' | 'paused' | 'suspended' | 'closed';
export const LIVE_STATES: readonly LiveState[] = ['not_started', 'in_session', 'paused', 'suspended', 'closed'];

export type LiveAction = 'start' | 'pause' | 'resume' | 'suspend' | 'close';
export const LIVE_ACTIONS: readonly LiveAction[] = ['start', 'pause', 'resume', 'suspend', 'close'];

const NEXT: Readonly<Record<LiveState, Partial<Record<LiveAction, LiveState>>>> = {
  not_started: { start: 'in_session' },
  in_session: { pause: 'paused', suspend: 'suspended', close: 'closed' },
  paused: { resume: 'in_session', suspend: 'suspended', close: 'closed' },
  suspended: { resume: 'in_session', close: 'closed' },
  closed: {},
};

const WHY: Readonly<Record<LiveState, string>> = {
  not_started: 'the hearing has not started: start it first',
  in_session: 'the hearing is in session',
  paused: 'the hearing is paused: resume it',
  suspended: 'the hearing is suspended: resume it when the problem is solved',
  closed: 'the hearing is closed',
};

/** The state after `action`, or why the action does not follow from `state`. */
export function nextLiveState(
  state: LiveState,
  action: LiveAction,
): { ok: true; state: LiveState } | { ok: false; why: string } {
  const next = NEXT[state][action];
  return next ? { ok: true, state: next } : { ok: false, why: WHY[state] };
}

/** The actions that follow from a state (for an answer that says what may be done next). */
export function allowedLiveActions(state: LiveState): LiveAction[] {
  return LIVE_ACTIONS.filter((a) => NEXT[state][a] !== undefined);
}

/** Whether people in the room take part (their role's rights) rather than wait. */
export function admitsParticipants(state: LiveState): boolean {
  return state === 'in_session' || state === 'suspended';
}
