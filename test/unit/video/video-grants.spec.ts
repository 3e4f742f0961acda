import { rightsFor, SESSION_RIGHTS, VIDEO_ROLES, isWaiting } from '../../../src/modules/video/video-grants';

describe('room rights per role', () => {
  it('gives each role exactly what the hearing needs in session', () => {
    expect(SESSION_RIGHTS).toEqual({
      judge: {
        roomAdmin: true,
        publish: ['camera', 'microphone', 'screen_share'],
        subscribe: true,
        publishData: true,
        hidden: false,
      },
      clerk: {
        roomAdmin: true,
        publish: ['microphone', 'screen_share'],
        subscribe: true,
        publishData: false,
        hidden: false,
      },
      prosecutor: {
        roomAdmin: false,
        publish: ['camera', 'microphone'],
        subscribe: true,
        publishData: false,
        hidden: false,
      },
      defense_lawyer: {
        roomAdmin: false,
        publish: ['camera', 'microphone'],
        subscribe: true,
        publishData: false,
        hidden: false,
      },
      detention_center: {
        roomAdmin: false,
        publish: ['camera', 'microphone'],
        subscribe: true,
        publishData: false,
        hidden: false,
      },
      interpreter: { roomAdmin: false, publish: ['microphone'], subscribe: true, publishData: false, hidden: false },
      observer: { roomAdmin: false, publish: [], subscribe: true, publishData: false, hidden: true },
    });
  });

  it('keeps everyone but the judge and the clerk waiting before the start and in a pause', () => {
    for (const state of ['not_started', 'paused'] as const) {
      const waiting = VIDEO_ROLES.filter((role) => isWaiting(rightsFor(role, state, 'trial')));
      expect(waiting).toEqual(['prosecutor', 'defense_lawyer', 'detention_center', 'interpreter', 'observer']);
      expect(rightsFor('prosecutor', state, 'trial')).toEqual({
        roomAdmin: false,
        publish: [],
        subscribe: false,
        publishData: false,
        hidden: false,
      });
      expect(rightsFor('judge', state, 'trial')).toEqual(SESSION_RIGHTS.judge);
    }
  });

  it('admits everyone in session and while suspended; nobody after the close', () => {
    for (const role of VIDEO_ROLES) {
      expect(rightsFor(role, 'in_session', 'trial')).toEqual(SESSION_RIGHTS[role]);
      expect(rightsFor(role, 'suspended', 'trial')).toEqual(SESSION_RIGHTS[role]);
      expect(isWaiting(rightsFor(role, 'closed', 'trial'))).toBe(true);
      expect(rightsFor(role, 'closed', 'trial').roomAdmin).toBe(false);
    }
    expect(rightsFor('observer', 'not_started', 'trial').hidden).toBe(true);
  });

  it('lets the prosecutor run a plea signing: room admin, and no waiting', () => {
    expect(rightsFor('prosecutor', 'not_started', 'plea_signing')).toEqual({
      ...SESSION_RIGHTS.prosecutor,
      roomAdmin: true,
    });
    expect(isWaiting(rightsFor('defense_lawyer', 'not_started', 'plea_signing'))).toBe(true);
    expect(isWaiting(rightsFor('detention_center', 'paused', 'plea_signing'))).toBe(true);
    expect(rightsFor('prosecutor', 'not_started', 'trial').roomAdmin).toBe(false);
  });
});
