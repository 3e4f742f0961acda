import {
  applyLeniencyAction,
  LeniencyAction,
  LeniencyRecordState,
  replayLeniency,
} from '../../../src/modules/leniency/leniency-transitions';
import { day, decide, definite, toConclusion } from './helpers';

const steps = toConclusion(definite(12));
const at = (n: number): LeniencyRecordState => replayLeniency(steps.slice(0, n));

describe('steps taken out of turn', () => {
  it.each<[string, LeniencyRecordState, LeniencyAction, RegExp]>([
    ['accept before being informed', at(0), { action: 'accept', at: day(2) }, /that is open: inform the suspect first/],
    [
      'inform twice',
      at(1),
      { action: 'inform', at: day(2) },
      /that is informed: the suspect has been informed already/,
    ],
    [
      'propose before accepting',
      at(1),
      { action: 'proposal', proposedAt: day(2), proposal: definite(6) },
      /needs the suspect to accept first/,
    ],
    ['sign the affidavit with no proposal', at(2), steps[3], /make a proposal first/],
    ['sign the affidavit twice', at(4), steps[3], /the affidavit is signed already/],
    ['apply leniency without the affidavit', at(3), steps[4], /leniency is applied only once the affidavit is signed/],
    ['conclude twice', at(5), steps[4], /concluded already/],
    [
      'decide before the conclusion',
      at(4),
      decide('adopted', 12),
      /that is affidavit_signed: the court decides on a proposal once/,
    ],
  ])('refuses to %s with INVALID_TRANSITION naming the state and the action', (_, record, step, why) => {
    let caught: unknown;
    try {
      applyLeniencyAction(record, step);
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({
      code: 'INVALID_TRANSITION',
      status: 409,
      extra: { state: record.state, action: step.action },
    });
    expect(String((caught as Error).message)).toMatch(why);
  });

  it('lets a suspect who never accepts be concluded without leniency, from any state before a conclusion', () => {
    for (const n of [0, 1, 2, 3, 4]) {
      expect(
        applyLeniencyAction(at(n), { action: 'conclude', concludedAt: day(9), leniencyApplied: false }).state,
      ).toBe('concluded');
    }
  });

  it('refuses a step dated before the one it follows (STEP_OUT_OF_ORDER)', () => {
    const early = {
      action: 'affidavit',
      signedAt: day(1),
      witnessLawyerId: 'l',
      procedure: 'speedy',
      hearingId: null,
    } as const;
    expect(() => applyLeniencyAction(at(3), early)).toThrow(
      /The affidavit is dated 2019-03-01T10:00:00.000Z, before the acceptance it follows/,
    );
    expect(() => applyLeniencyAction(at(5), { ...decide('adopted', 12), decidedAt: day(4) } as LeniencyAction)).toThrow(
      /before the conclusion it follows/,
    );
  });

  it('never changes the record it is given', () => {
    const record = at(3);
    const copy = structuredClone(record);
    applyLeniencyAction(record, steps[3]);
    expect(record).toEqual(copy);
  });
});
