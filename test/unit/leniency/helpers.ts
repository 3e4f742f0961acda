import type { LeniencyAction, SentencingProposal } from '../../../src/modules/leniency/leniency-transitions';

/** Day n of March 2019 at 10:00 UTC: steps of one record, in order. Nothing here meets the clock. */
export const day = (n: number): Date => new Date(Date.UTC(2019, 2, n, 10));

export const definite = (termMonths: number, extra: Partial<SentencingProposal> = {}): SentencingProposal => ({
  kind: 'definite',
  penalty: 'fixed_term',
  termMonths,
  minMonths: null,
  maxMonths: null,
  probation: false,
  fineYuan: null,
  ...extra,
});

export const range = (
  minMonths: number,
  maxMonths: number,
  extra: Partial<SentencingProposal> = {},
): SentencingProposal => ({
  kind: 'range',
  penalty: 'fixed_term',
  termMonths: null,
  minMonths,
  maxMonths,
  probation: false,
  fineYuan: null,
  ...extra,
});

/** Informed, accepted, proposed, signed with a lawyer present, concluded with leniency applied: ready for the court. */
export function toConclusion(proposal: SentencingProposal): LeniencyAction[] {
  return [
    { action: 'inform', at: day(1) },
    { action: 'accept', at: day(2) },
    { action: 'proposal', proposedAt: day(3), proposal },
    { action: 'affidavit', signedAt: day(4), witnessLawyerId: 'lawyer-1', procedure: 'speedy', hearingId: null },
    { action: 'conclude', concludedAt: day(5), leniencyApplied: true },
  ];
}

export const decide = (
  decision: 'adopted' | 'adopted_after_adjustment' | 'not_adopted_lighter' | 'not_adopted_heavier',
  sentenceMonths: number,
  probation = false,
): LeniencyAction => ({ action: 'decision', decidedAt: day(20), decision, sentenceMonths, probation, hearingId: null });
