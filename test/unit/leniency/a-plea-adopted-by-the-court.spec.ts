import { replayLeniency } from '../../../src/modules/leniency/leniency-transitions';
import { decide, definite, toConclusion } from './helpers';

describe('a suspect informed, accepting, signing with a lawyer, concluded with leniency, the proposal adopted', () => {
  it('passes through every state in order and keeps each step', () => {
    const concluded = replayLeniency(toConclusion(definite(12)));
    expect(concluded.state).toBe('concluded');
    expect(concluded.conclusion).toEqual({ concludedAt: expect.any(Date), leniencyApplied: true });
    expect(concluded.affidavit).toMatchObject({ witnessLawyerId: 'lawyer-1', procedure: 'speedy' });

    const decided = replayLeniency([...toConclusion(definite(12)), decide('adopted', 12)]);
    expect(decided.state).toBe('decided');
    expect(decided.decision).toMatchObject({ decision: 'adopted', sentenceMonths: 12, probation: false });
    expect(decided.proposals).toHaveLength(1);
  });

  it('refuses any step after the decision', () => {
    expect(() => replayLeniency([...toConclusion(definite(12)), decide('adopted', 12), decide('adopted', 12)])).toThrow(
      /Cannot decision a plea-leniency record that is decided: the court has decided already/,
    );
  });
});
