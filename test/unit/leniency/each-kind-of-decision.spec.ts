import { checkDecision, SentencingProposal } from '../../../src/modules/leniency/leniency-transitions';
import { definite, range } from './helpers';

const ok = (proposal: SentencingProposal, d: Parameters<typeof checkDecision>[1]) => () => checkDecision([proposal], d);

describe('the court decision against a definite proposal of 12 months and a range of 12-18 months', () => {
  it.each([
    ['adopted: the definite term', definite(12), 'adopted', 12],
    ['adopted: inside the range', range(12, 18), 'adopted', 15],
    ['adopted: the range ends count', range(12, 18), 'adopted', 18],
    ['not adopted, lighter than the term', definite(12), 'not_adopted_lighter', 10],
    ['not adopted, lighter than the range', range(12, 18), 'not_adopted_lighter', 11],
    ['not adopted, heavier than the term', definite(12), 'not_adopted_heavier', 13],
    ['not adopted, heavier than the range', range(12, 18), 'not_adopted_heavier', 19],
  ] as const)('accepts %s', (_, proposal, decision, sentenceMonths) => {
    expect(ok(proposal, { decision, sentenceMonths, probation: false })).not.toThrow();
  });

  it.each([
    [
      'adopted with another term',
      definite(12),
      'adopted',
      10,
      /"adopted" needs the sentence equal to the proposed 12 months; 10 months is below it/,
    ],
    [
      'adopted outside the range',
      range(12, 18),
      'adopted',
      20,
      /within the proposed 12-18 months; 20 months is above it/,
    ],
    [
      'lighter but within the range',
      range(12, 18),
      'not_adopted_lighter',
      12,
      /needs a sentence below the proposed 12-18 months; 12 months is within it/,
    ],
    [
      'heavier but equal to the term',
      definite(12),
      'not_adopted_heavier',
      12,
      /needs a sentence above the proposed 12 months; 12 months is within it/,
    ],
    [
      'heavier but lighter',
      definite(12),
      'not_adopted_heavier',
      6,
      /needs a sentence above the proposed 12 months; 6 months is below it/,
    ],
  ] as const)('refuses %s with INCONSISTENT_DECISION saying why', (_, proposal, decision, sentenceMonths, why) => {
    const run = ok(proposal, { decision, sentenceMonths, probation: false });
    expect(run).toThrow(why);
    try {
      run();
    } catch (err) {
      expect(err).toMatchObject({ code: 'INCONSISTENT_DECISION', status: 422 });
    }
  });

  it('needs probation as proposed for "adopted", not for "not adopted"', () => {
    const withProbation = definite(12, { probation: true });
    expect(ok(withProbation, { decision: 'adopted', sentenceMonths: 12, probation: true })).not.toThrow();
    expect(ok(withProbation, { decision: 'adopted', sentenceMonths: 12, probation: false })).toThrow(
      /needs probation as proposed \(with probation\)/,
    );
    expect(ok(withProbation, { decision: 'not_adopted_heavier', sentenceMonths: 14, probation: false })).not.toThrow();
  });

  it('reads a fine-only proposal as no term at all', () => {
    const fine = definite(0, { penalty: 'fine_only', termMonths: null, fineYuan: 5000 });
    expect(ok(fine, { decision: 'adopted', sentenceMonths: 0, probation: false })).not.toThrow();
    expect(ok(fine, { decision: 'not_adopted_heavier', sentenceMonths: 3, probation: false })).not.toThrow();
    expect(ok(fine, { decision: 'not_adopted_lighter', sentenceMonths: 0, probation: false })).toThrow(/below/);
  });
});
