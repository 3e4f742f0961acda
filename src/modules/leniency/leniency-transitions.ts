import { InconsistentDecisionError, InvalidTransitionError, StepOutOfOrderError } from './leniency.errors';

/*
 * The plea-leniency record of one defendant in one case (认罪认罚), as one pure state machine: every action, from
 * the record's own routes or from a hearing's outcome, goes through `applyLeniencyAction`, so no path can skip a
 * rule. ../shared/DOMAIN.md describes the record; the steps, in the order the law gives them:
 *
 *   open --inform--> informed --accept--> accepted --affidavit--> affidavit_signed --conclude--> concluded
 *                                                                                                 |
 *                                                                                 decision --> decided
 *
 * - `proposals` (量刑建议) are made from `accepted` on and may be adjusted (a later proposal) until the court
 *   decides; all are kept. The affidavit (具结书) states the proposed sentence, so it needs a proposal first.
 * - `conclude` ends review for prosecution for this person. With `leniencyApplied: true` it needs the affidavit;
 *   with `false` (the suspect never accepted, or withdrew) it may come from any state before a conclusion.
 * - `decision` is the court's ruling on the last proposal, only for a record concluded with leniency applied, and
 *   must agree with that proposal and the sentence (`checkDecision`).
 * - `withdraw` (the defendant takes the plea back) from `accepted` on, until the court decides. Withdrawn before
 *   the conclusion, the record can still be concluded, without leniency; withdrawn after it, the record ends.
 * - Dates follow the steps: no step is dated before the step it follows.
 */

export type LeniencyState =
  'open' | 'informed' | 'accepted' | 'affidavit_signed' | 'concluded' | 'decided' | 'withdrawn';
export const LENIENCY_STATES: readonly LeniencyState[] = [
  'open',
  'informed',
  'accepted',
  'affidavit_signed',
  'concluded',
  'decided',
  'withdrawn',
];

export type Procedure = 'speedy' | 'summary' | 'ordinary';
export type Penalty = 'fixed_term' | 'criminal_detention' | 'public_surveillance' | 'fine_only';
export const PENALTIES: readonly Penalty[] = ['fixed_term', 'criminal_detention', 'public_surveillance', 'fine_only'];
export type ProposalKind = 'definite' | 'range';
export const PROPOSAL_KINDS: readonly ProposalKind[] = ['definite', 'range'];
export type DecisionKind = 'adopted' | 'adopted_after_adjustment' | 'not_adopted_lighter' | 'not_adopted_heavier';
export const DECISION_KINDS: readonly DecisionKind[] = [
  'adopted',
  'adopted_after_adjustment',
  'not_adopted_lighter',
  'not_adopted_heavier',
];

/** Probation (缓刑) is open only to criminal detention and to fixed-term imprisonment of three years at most. */
export const MAX_PROBATION_TERM_MONTHS = 36;

export interface SentencingProposal {
  kind: ProposalKind;
  penalty: Penalty;
  /** Definite proposals (确定刑): the one term. Null for ranges and for a fine only. */
  termMonths: number | null;
  /** Range proposals (幅度刑): min < max. Null otherwise. */
  minMonths: number | null;
  maxMonths: number | null;
  probation: boolean;
  fineYuan: number | null;
}

export interface LeniencyRecordState {
  state: LeniencyState;
  informedAt: Date | null;
  acceptedAt: Date | null;
  affidavit: { signedAt: Date; witnessLawyerId: string; procedure: Procedure; hearingId: string | null } | null;
  /** Every proposal in the order made; the last one is the one in force. */
  proposals: (SentencingProposal & { proposedAt: Date })[];
  conclusion: { concludedAt: Date; leniencyApplied: boolean } | null;
  decision: {
    decidedAt: Date;
    decision: DecisionKind;
    sentenceMonths: number;
    probation: boolean;
    hearingId: string | null;
  } | null;
  withdrawal: { at: Date; reason: string } | null;
}

export const NEW_LENIENCY_RECORD: LeniencyRecordState = {
  state: 'open',
  informedAt: null,
  acceptedAt: null,
  affidavit: null,
  proposals: [],
  conclusion: null,
  decision: null,
  withdrawal: null,
};

export type LeniencyAction =
  | { action: 'inform'; at: Date }
  | { action: 'accept'; at: Date }
  | {
      action: 'affidavit';
      signedAt: Date;
      witnessLawyerId: string;
      procedure: Procedure;
      hearingId: string | null;
    }
  | { action: 'proposal'; proposedAt: Date; proposal: SentencingProposal }
  | { action: 'conclude'; concludedAt: Date; leniencyApplied: boolean }
  | {
      action: 'decision';
      decidedAt: Date;
      decision: DecisionKind;
      sentenceMonths: number;
      probation: boolean;
      hearingId: string | null;
    }
  | { action: 'withdraw'; at: Date; reason: string };

export type LeniencyActionName = LeniencyAction['action'];

/** The record after `step`, or the error that refuses it. Never changes `record`. */
export function applyLeniencyAction(record: LeniencyRecordState, step: LeniencyAction): LeniencyRecordState {
  const refuse = (why: string) => new InvalidTransitionError(record.state, step.action, why);
  switch (step.action) {
    case 'inform':
      if (record.state !== 'open') throw refuse('the suspect has been informed already');
      return { ...record, state: 'informed', informedAt: step.at };

    case 'accept':
      if (record.state !== 'informed') {
        throw refuse(record.state === 'open' ? 'inform the suspect first' : 'the suspect has accepted already');
      }
      notBefore('acceptance', step.at, [['information', record.informedAt]]);
      return { ...record, state: 'accepted', acceptedAt: step.at };

    case 'proposal':
      if (!mayPropose(record)) {
        throw refuse(
          record.state === 'open' || record.state === 'informed'
            ? 'a sentencing proposal needs the suspect to accept first'
            : 'proposals end with the decision, the withdrawal or a conclusion without leniency',
        );
      }
      notBefore('proposal', step.proposedAt, [['acceptance', record.acceptedAt]]);
      return { ...record, proposals: [...record.proposals, { ...step.proposal, proposedAt: step.proposedAt }] };

    case 'affidavit':
      if (record.state !== 'accepted') {
        throw refuse(
          record.state === 'affidavit_signed'
            ? 'the affidavit is signed already'
            : 'the affidavit follows the acceptance and precedes the conclusion',
        );
      }
      if (record.proposals.length === 0)
        throw refuse('the affidavit states the proposed sentence: make a proposal first');
      notBefore('affidavit', step.signedAt, [['acceptance', record.acceptedAt]]);
      return {
        ...record,
        state: 'affidavit_signed',
        affidavit: {
          signedAt: step.signedAt,
          witnessLawyerId: step.witnessLawyerId,
          procedure: step.procedure,
          hearingId: step.hearingId,
        },
      };

    case 'conclude':
      if (record.conclusion) throw refuse('review for prosecution has been concluded already');
      if (record.state === 'decided') throw refuse('the court has decided already');
      if (step.leniencyApplied && record.state !== 'affidavit_signed') {
        throw refuse(
          record.state === 'withdrawn'
            ? 'the plea was withdrawn: conclude with leniencyApplied false'
            : 'leniency is applied only once the affidavit is signed',
        );
      }
      notBefore('conclusion', step.concludedAt, [
        ['information', record.informedAt],
        ['acceptance', record.acceptedAt],
        ['affidavit', record.affidavit?.signedAt ?? null],
        ['withdrawal', record.withdrawal?.at ?? null],
      ]);
      return {
        ...record,
        state: 'concluded',
        conclusion: { concludedAt: step.concludedAt, leniencyApplied: step.leniencyApplied },
      };

    case 'decision': {
      if (record.state !== 'concluded' || !record.conclusion?.leniencyApplied) {
        throw refuse(
          record.state === 'decided'
            ? 'the court has decided already'
            : 'the court decides on a proposal once review for prosecution concluded with leniency applied',
        );
      }
      const last = record.proposals[record.proposals.length - 1];
      notBefore('decision', step.decidedAt, [
        ['conclusion', record.conclusion.concludedAt],
        ['last proposal', last.proposedAt],
      ]);
      checkDecision(record.proposals, step);
      return {
        ...record,
        state: 'decided',
        decision: {
          decidedAt: step.decidedAt,
          decision: step.decision,
          sentenceMonths: step.sentenceMonths,
          probation: step.probation,
          hearingId: step.hearingId,
        },
      };
    }

    case 'withdraw':
      if (!['accepted', 'affidavit_signed', 'concluded'].includes(record.state) || !leniencyStillOpen(record)) {
        throw refuse(
          record.state === 'withdrawn'
            ? 'the plea was withdrawn already'
            : record.state === 'decided'
              ? 'the court has decided already'
              : 'only a plea that was accepted, and not yet decided on, can be withdrawn',
        );
      }
      notBefore('withdrawal', step.at, [
        ['acceptance', record.acceptedAt],
        ['affidavit', record.affidavit?.signedAt ?? null],
      ]);
      return { ...record, state: 'withdrawn', withdrawal: { at: step.at, reason: step.reason } };
  }
}

/** Applies the steps in order: the record they lead to from a new one, or the first refusal. */
export function replayLeniency(steps: readonly LeniencyAction[]): LeniencyRecordState {
  return steps.reduce(applyLeniencyAction, NEW_LENIENCY_RECORD);
}

function mayPropose(record: LeniencyRecordState): boolean {
  return record.state === 'accepted' || record.state === 'affidavit_signed' || leniencyStillOpen(record);
}

/** Concluded with leniency applied and not yet decided: the court may still hear an adjusted proposal. */
function leniencyStillOpen(record: LeniencyRecordState): boolean {
  if (record.state === 'accepted' || record.state === 'affidavit_signed') return true;
  return record.state === 'concluded' && record.conclusion?.leniencyApplied === true;
}

function notBefore(action: string, at: Date, previous: [string, Date | null][]): void {
  for (const [name, when] of previous) {
    if (when && at.getTime() < when.getTime()) throw new StepOutOfOrderError(action, at, { action: name, at: when });
  }
}

/**
 * The court's decision must agree with the last proposal and the sentence given:
 * - adopted / adopted after adjustment: the sentence equals a definite term or lies within the range, and
 *   probation is as proposed; "after adjustment" also needs the proposal to have been adjusted (a later proposal);
 * - not adopted (lighter): the sentence is below the term or the range; not adopted (heavier): above it.
 * A fine-only proposal has no term: its sentence is 0 months.
 */
export function checkDecision(
  proposals: readonly SentencingProposal[],
  d: { decision: DecisionKind; sentenceMonths: number; probation: boolean },
): void {
  const p = proposals[proposals.length - 1];
  const [low, high] = proposedMonths(p);
  const months = d.sentenceMonths;
  const proposed = low === high ? `${low} months` : `${low}-${high} months`;
  const place = months < low ? 'below' : months > high ? 'above' : 'within';
  const fail = (why: string) => {
    throw new InconsistentDecisionError(why);
  };
  switch (d.decision) {
    case 'adopted':
    case 'adopted_after_adjustment':
      if (place !== 'within') {
        fail(
          `"${d.decision}" needs the sentence ${p.kind === 'definite' ? 'equal to' : 'within'} the proposed ${proposed}; ` +
            `${months} months is ${place} it (not_adopted_${place === 'below' ? 'lighter' : 'heavier'})`,
        );
      }
      if (d.probation !== p.probation) {
        fail(`"${d.decision}" needs probation as proposed (${p.probation ? 'with' : 'without'} probation)`);
      }
      if (d.decision === 'adopted_after_adjustment' && proposals.length < 2) {
        fail('"adopted_after_adjustment" needs an adjusted proposal: only one proposal was made');
      }
      return;
    case 'not_adopted_lighter':
      if (place !== 'below')
        fail(`"not_adopted_lighter" needs a sentence below the proposed ${proposed}; ${months} months is ${place} it`);
      return;
    case 'not_adopted_heavier':
      if (place !== 'above')
        fail(`"not_adopted_heavier" needs a sentence above the proposed ${proposed}; ${months} months is ${place} it`);
      return;
  }
}

/** The months a proposal asks for, as [low, high]: one term twice, a range's ends, [0, 0] for a fine only. */
export function proposedMonths(p: SentencingProposal): [number, number] {
  if (p.penalty === 'fine_only') return [0, 0];
  return p.kind === 'definite' ? [p.termMonths!, p.termMonths!] : [p.minMonths!, p.maxMonths!];
}

/**
 * What is wrong with a proposal's shape, field by field (empty when nothing): a definite proposal has a term and no
 * range, a range has min < max and no term, a fine only has a fine and no months, probation goes only with criminal
 * detention or a fixed term of three years at most.
 */
export function proposalErrors(p: SentencingProposal): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });
  if (p.penalty === 'fine_only') {
    if (p.kind !== 'definite') err('kind', 'a fine only is a definite proposal');
    for (const f of ['termMonths', 'minMonths', 'maxMonths'] as const) {
      if (p[f] !== null) err(f, 'a fine only has no term');
    }
    if (p.fineYuan === null) err('fineYuan', 'is required for a fine only');
  } else if (p.kind === 'definite') {
    if (p.termMonths === null) err('termMonths', 'is required for a definite proposal');
    if (p.minMonths !== null) err('minMonths', 'is only for a range proposal');
    if (p.maxMonths !== null) err('maxMonths', 'is only for a range proposal');
  } else {
    if (p.termMonths !== null) err('termMonths', 'is only for a definite proposal');
    if (p.minMonths === null) err('minMonths', 'is required for a range proposal');
    if (p.maxMonths === null) err('maxMonths', 'is required for a range proposal');
    if (p.minMonths !== null && p.maxMonths !== null && p.minMonths >= p.maxMonths) {
      err('maxMonths', 'must be greater than minMonths');
    }
  }
  if (p.probation) {
    if (p.penalty !== 'fixed_term' && p.penalty !== 'criminal_detention') {
      err('probation', 'goes only with criminal detention or a fixed-term sentence');
    } else if (p.penalty === 'fixed_term' && errors.length === 0 && proposedMonths(p)[1] > MAX_PROBATION_TERM_MONTHS) {
      err('probation', `goes only with a fixed term of ${MAX_PROBATION_TERM_MONTHS} months at most`);
    }
  }
  return errors;
}
