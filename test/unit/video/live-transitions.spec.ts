import {
  allowedLiveActions,
  LIVE_ACTIONS,
  nextLiveState,
  type LiveAction,
  type LiveState,
} from '../../../src/modules/video/live-transitions';

/** A hearing's day, as the judge runs it: each line an action and the state it leads to (or the refusal). */
function run(actions: LiveAction[]): (LiveState | string)[] {
  let state: LiveState = 'not_started';
  return actions.map((action) => {
    const next = nextLiveState(state, action);
    if (!next.ok) return `refused: ${next.why}`;
    state = next.state;
    return state;
  });
}

describe('the live state of a hearing', () => {
  it('runs a hearing with a break and a technical failure to its close', () => {
    expect(run(['start', 'pause', 'resume', 'suspend', 'resume', 'close'])).toEqual([
      'in_session',
      'paused',
      'in_session',
      'suspended',
      'in_session',
      'closed',
    ]);
  });

  it('suspends a paused hearing, and closes from pause or suspension', () => {
    expect(run(['start', 'pause', 'suspend', 'close'])).toEqual(['in_session', 'paused', 'suspended', 'closed']);
    expect(run(['start', 'pause', 'close'])).toEqual(['in_session', 'paused', 'closed']);
  });

  it('refuses what does not follow, saying why', () => {
    expect(run(['pause'])).toEqual(['refused: the hearing has not started: start it first']);
    expect(run(['close'])).toEqual(['refused: the hearing has not started: start it first']);
    expect(run(['start', 'start'])[1]).toBe('refused: the hearing is in session');
    expect(run(['start', 'resume'])[1]).toBe('refused: the hearing is in session');
    expect(run(['start', 'pause', 'pause'])[2]).toBe('refused: the hearing is paused: resume it');
    expect(run(['start', 'suspend', 'pause'])[2]).toMatch(/suspended/);
  });

  it('ends for good at the close', () => {
    for (const action of LIVE_ACTIONS)
      expect(nextLiveState('closed', action)).toEqual({ ok: false, why: 'the hearing is closed' });
    expect(allowedLiveActions('closed')).toEqual([]);
  });

  it('lists what may follow each state', () => {
    expect(allowedLiveActions('not_started')).toEqual(['start']);
    expect(allowedLiveActions('in_session')).toEqual(['pause', 'suspend', 'close']);
    expect(allowedLiveActions('paused')).toEqual(['resume', 'suspend', 'close']);
    expect(allowedLiveActions('suspended')).toEqual(['resume', 'close']);
  });
});
