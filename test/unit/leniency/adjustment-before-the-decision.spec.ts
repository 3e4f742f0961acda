import { applyLeniencyAction, replayLeniency } from '../../../src/modules/leniency/leniency-transitions';
import { day, decide, definite, range, toConclusion } from './helpers';

describe('a proposal adjusted before the court decides', () => {
  // Proposed 12 months at review; at trial the court finds it too heavy and the prosecutor adjusts it to 8-10 months.
  const adjusted = replayLeniency([
    ...toConclusion(definite(12)),
    { action: 'proposal', proposedAt: day(15), proposal: range(8, 10) },
  ]);

  it('keeps every proposal, and the court rules on the last one', () => {
    expect(adjusted.proposals.map((p) => [p.kind, p.termMonths, p.minMonths, p.maxMonths])).toEqual([
      ['definite', 12, null, null],
      ['range', null, 8, 10],
    ]);
    expect(applyLeniencyAction(adjusted, decide('adopted_after_adjustment', 9)).decision?.decision).toBe(
      'adopted_after_adjustment',
    );
    // 12 months was the first proposal; against the adjusted 8-10 it is heavier.
    expect(() => applyLeniencyAction(adjusted, decide('adopted', 12))).toThrow(
      /"adopted" needs the sentence within the proposed 8-10 months; 12 months is above it/,
    );
  });

  it('is needed for "adopted after adjustment"', () => {
    const once = replayLeniency(toConclusion(definite(12)));
    expect(() => applyLeniencyAction(once, decide('adopted_after_adjustment', 12))).toThrow(
      /needs an adjusted proposal: only one proposal was made/,
    );
  });

  it('may also come before the affidavit, and the affidavit then states the last one', () => {
    const steps = toConclusion(definite(12));
    steps.splice(3, 0, { action: 'proposal', proposedAt: day(3), proposal: definite(11) });
    const record = replayLeniency(steps);
    expect(record.proposals.map((p) => p.termMonths)).toEqual([12, 11]);
    expect(applyLeniencyAction(record, decide('adopted', 11)).state).toBe('decided');
  });
});
