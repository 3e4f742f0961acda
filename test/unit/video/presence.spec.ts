import { presenceOf, sessionSeconds } from '../../../src/modules/video/presence';

const at = (hhmm: string) => new Date(`2031-03-10T${hhmm}:00Z`);

describe('presence from connections', () => {
  it('has not joined without a connection', () => {
    expect(presenceOf([], 'defense_lawyer', 'in_session', 'trial')).toEqual({ status: 'not_joined', since: null });
  });

  it('waits before the start and in a pause, takes part in session, since the connection joined', () => {
    const open = [{ joinedAt: at('09:55'), leftAt: null }];
    expect(presenceOf(open, 'defense_lawyer', 'not_started', 'trial')).toEqual({
      status: 'waiting',
      since: at('09:55'),
    });
    expect(presenceOf(open, 'defense_lawyer', 'in_session', 'trial')).toEqual({
      status: 'in_hearing',
      since: at('09:55'),
    });
    expect(presenceOf(open, 'defense_lawyer', 'paused', 'trial').status).toBe('waiting');
    expect(presenceOf(open, 'judge', 'not_started', 'trial').status).toBe('in_hearing');
  });

  it('is disconnected since the last connection left, and back in when a new one opens', () => {
    const dropped = [
      { joinedAt: at('10:00'), leftAt: at('10:05') },
      { joinedAt: at('10:06'), leftAt: at('10:20') },
    ];
    expect(presenceOf(dropped, 'prosecutor', 'in_session', 'trial')).toEqual({
      status: 'disconnected',
      since: at('10:20'),
    });
    const back = [...dropped, { joinedAt: at('10:21'), leftAt: null }];
    expect(presenceOf(back, 'prosecutor', 'in_session', 'trial')).toEqual({ status: 'in_hearing', since: at('10:21') });
  });

  it('counts a connection whose end came before its start was known as ended', () => {
    expect(presenceOf([{ joinedAt: null, leftAt: at('10:30') }], 'clerk', 'in_session', 'trial')).toEqual({
      status: 'disconnected',
      since: at('10:30'),
    });
  });

  it('measures each connection in seconds, to now while open', () => {
    expect(sessionSeconds({ joinedAt: at('10:00'), leftAt: at('10:05') }, at('11:00'))).toBe(300);
    expect(sessionSeconds({ joinedAt: at('10:00'), leftAt: null }, at('10:01'))).toBe(60);
    expect(sessionSeconds({ joinedAt: null, leftAt: at('10:05') }, at('11:00'))).toBeNull();
  });
});

describe('presence in the consultation room', () => {
  it('is in consultation while connected to that room only, and in the hearing once back in it', () => {
    const consulting = [{ joinedAt: at('09:50'), leftAt: null, consultation: true }];
    expect(presenceOf(consulting, 'defense_lawyer', 'not_started', 'trial')).toEqual({
      status: 'in_consultation',
      since: at('09:50'),
    });
    const both = [...consulting, { joinedAt: at('09:58'), leftAt: null }];
    expect(presenceOf(both, 'defense_lawyer', 'in_session', 'trial')).toEqual({
      status: 'in_hearing',
      since: at('09:58'),
    });
  });
});
