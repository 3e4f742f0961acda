import { statusForOutcome } from '../../../src/modules/outcomes/outcome-status';

describe('the status an outcome gives a hearing', () => {
  it.each([
    ['held', false, 'completed'],
    ['adjourned', false, 'adjourned'],
    ['adjourned', true, 'adjourned'],
    ['defendant_absent', false, 'failed'],
    ['defendant_absent', true, 'adjourned'],
    ['party_absent', false, 'failed'],
    ['party_absent', true, 'adjourned'],
    ['technical_failure', false, 'failed'],
    ['technical_failure', true, 'failed'],
  ] as const)('%s (follow-up booked: %s) → %s', (result, followUp, status) => {
    expect(statusForOutcome(result, followUp)).toBe(status);
  });
});
