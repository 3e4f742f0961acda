import type { HearingStatus } from '../hearings/hearing.entity';

export const OUTCOME_RESULTS = ['held', 'adjourned', 'defendant_absent', 'party_absent', 'technical_failure'] as const;
export type OutcomeResult = (typeof OUTCOME_RESULTS)[number];

/**
 * The hearing's status an outcome gives it: held → completed; adjourned → adjourned; an absence → adjourned when a
 * follow-up hearing is booked, else failed; a technical failure → failed.
 */
export function statusForOutcome(result: OutcomeResult, followUpBooked: boolean): HearingStatus {
  switch (result) {
    case 'held':
      return 'completed';
    case 'adjourned':
      return 'adjourned';
    case 'defendant_absent':
    case 'party_absent':
      return followUpBooked ? 'adjourned' : 'failed';
    case 'technical_failure':
      return 'failed';
  }
}
