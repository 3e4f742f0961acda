import { applyLeniencyAction, replayLeniency } from '../../../src/modules/leniency/leniency-transitions';
import { day, decide, definite, toConclusion } from './helpers';

describe('a defendant who withdraws the plea after signing the affidavit', () => {
  const signed = toConclusion(definite(10)).slice(0, 4);

  it('is withdrawn, with when and why, and can then be concluded only without leniency', () => {
    const withdrawn = replayLeniency([...signed, { action: 'withdraw', at: day(6), reason: 'Disputes the facts' }]);
    expect(withdrawn.state).toBe('withdrawn');
    expect(withdrawn.withdrawal).toEqual({ at: day(6), reason: 'Disputes the facts' });

    expect(() =>
      applyLeniencyAction(withdrawn, { action: 'conclude', concludedAt: day(7), leniencyApplied: true }),
    ).toThrow(/that is withdrawn: the plea was withdrawn: conclude with leniencyApplied false/);
    const concluded = applyLeniencyAction(withdrawn, {
      action: 'conclude',
      concludedAt: day(7),
      leniencyApplied: false,
    });
    expect(concluded).toMatchObject({
      state: 'concluded',
      conclusion: { leniencyApplied: false },
      withdrawal: { reason: 'Disputes the facts' },
    });
    // Concluded without leniency: the court has no proposal to rule on, and no new proposal can be made.
    expect(() => applyLeniencyAction(concluded, decide('adopted', 10))).toThrow(
      /INVALID|concluded with leniency applied/,
    );
    expect(() =>
      applyLeniencyAction(concluded, { action: 'proposal', proposedAt: day(8), proposal: definite(9) }),
    ).toThrow(/proposals end/);
  });

  it('after the conclusion ends the record: no decision follows', () => {
    const withdrawn = replayLeniency([
      ...toConclusion(definite(10)),
      { action: 'withdraw', at: day(9), reason: 'Changed their mind at trial' },
    ]);
    expect(withdrawn.state).toBe('withdrawn');
    expect(withdrawn.conclusion?.leniencyApplied).toBe(true);
    expect(() => applyLeniencyAction(withdrawn, decide('adopted', 10))).toThrow(/that is withdrawn/);
    expect(() =>
      applyLeniencyAction(withdrawn, { action: 'conclude', concludedAt: day(10), leniencyApplied: false }),
    ).toThrow(/concluded already/);
  });

  it('cannot come before the suspect accepted', () => {
    expect(() =>
      replayLeniency([
        { action: 'inform', at: day(1) },
        { action: 'withdraw', at: day(2), reason: 'x' },
      ]),
    ).toThrow(/Cannot withdraw a plea-leniency record that is informed/);
  });
});
