import { proposalErrors } from '../../../src/modules/leniency/leniency-transitions';
import { definite, range } from './helpers';

describe('the shape of a sentencing proposal', () => {
  it('accepts a definite term, a range, a fine only, and probation with a short term', () => {
    expect(proposalErrors(definite(12))).toEqual([]);
    expect(proposalErrors(range(6, 9))).toEqual([]);
    expect(proposalErrors(definite(0, { penalty: 'fine_only', termMonths: null, fineYuan: 3000 }))).toEqual([]);
    expect(proposalErrors(definite(36, { probation: true }))).toEqual([]);
    expect(proposalErrors(definite(4, { penalty: 'criminal_detention', probation: true }))).toEqual([]);
  });

  it('names each field that is wrong', () => {
    expect(proposalErrors({ ...definite(12), termMonths: null, minMonths: 3 })).toEqual([
      { field: 'termMonths', message: 'is required for a definite proposal' },
      { field: 'minMonths', message: 'is only for a range proposal' },
    ]);
    expect(proposalErrors(range(9, 9))).toEqual([{ field: 'maxMonths', message: 'must be greater than minMonths' }]);
    expect(proposalErrors({ ...range(6, 9), termMonths: 7 })).toEqual([
      { field: 'termMonths', message: 'is only for a definite proposal' },
    ]);
    expect(proposalErrors(definite(0, { penalty: 'fine_only', termMonths: null }))).toEqual([
      { field: 'fineYuan', message: 'is required for a fine only' },
    ]);
  });

  it('allows probation only with criminal detention or a fixed term of three years at most', () => {
    expect(proposalErrors(definite(37, { probation: true }))).toEqual([
      { field: 'probation', message: 'goes only with a fixed term of 36 months at most' },
    ]);
    expect(proposalErrors(range(30, 40, { probation: true }))).toEqual([
      { field: 'probation', message: 'goes only with a fixed term of 36 months at most' },
    ]);
    expect(proposalErrors(definite(6, { penalty: 'public_surveillance', probation: true }))).toEqual([
      { field: 'probation', message: 'goes only with criminal detention or a fixed-term sentence' },
    ]);
  });
});
