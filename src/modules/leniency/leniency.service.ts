import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { ForbiddenError, located, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error';
import type { Actor, RequestContext } from '../../common/http/request-context';
import { parseInstant, toUtcIso } from '../../common/time/local-time';
import { redactFreeText } from '../../kernel/access/free-text-readers';
import type { Transaction } from '../../platform/database/transaction';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { AuditService, type AuditChange } from '../audit/audit.service';
import type { AuditAction } from '../audit/audit-vocabulary';
import {
  LeniencyAffidavitDto,
  LeniencyConclusionDto,
  LeniencyDecisionDto,
  LeniencyProposalDto,
  LeniencyRecordResponse,
  LeniencyStepDto,
  LeniencyWithdrawalDto,
  toLeniencyRecordResponse,
} from './dto/leniency.dto';
import type { WitnessRole } from './leniency-record.entity';
import { leniencyStepRefusal, mayRecordAnyLeniencyStep } from './leniency-rights';
import {
  applyLeniencyAction,
  proposalErrors,
  type LeniencyAction,
  type SentencingProposal,
} from './leniency-transitions';
import { HearingFacts, LeniencyCaseFacts, LeniencyRepository, type LeniencyRecordRecord } from './leniency.repository';

/** The steps a hearing's outcome may record for one defendant. */
export interface OutcomeSteps {
  affidavit?: LeniencyAffidavitDto;
  proposal?: LeniencyProposalDto;
  decision?: LeniencyDecisionDto;
}

/** A step as the routes send it, before the facts of the case (witness, hearing) are checked. */
type StepRequest = LeniencyAction;

const OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * An instant that records what happened: ISO 8601 with an offset or Z, inside the accepted range, not after now.
 * `undefined` (an optional `at`) is now.
 */
function pastInstant(value: string | undefined, field: string, now: DateTime): Date {
  if (value === undefined) return now.toJSDate();
  if (!OFFSET.test(value) || !/T/i.test(value))
    throw ValidationFailedError.field(field, 'must be an ISO 8601 date-time with an offset or Z');
  const at = parseInstant(value, 'UTC', field);
  if (at > now) throw ValidationFailedError.field(field, 'must not be in the future: it records what happened');
  return at.toJSDate();
}

/** The step's payload for the history and the audit: what was sent, instants in UTC. */
export function payloadOf(step: LeniencyAction, witnessRole: WitnessRole | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(step)) {
    if (key === 'action') continue;
    if (key === 'proposal') Object.assign(out, value);
    else if (key === 'reason') out.withdrawalReason = value;
    else out[key] = value instanceof Date ? toUtcIso(value) : value;
  }
  if (step.action === 'affidavit') out.witnessRole = witnessRole;
  return out;
}

function affidavitStep(dto: LeniencyAffidavitDto, now: DateTime): StepRequest {
  return {
    action: 'affidavit',
    signedAt: pastInstant(dto.signedAt, 'signedAt', now),
    witnessLawyerId: dto.witnessLawyerId,
    procedure: dto.procedure,
    hearingId: dto.hearingId ?? null,
  };
}

function proposalStep(dto: LeniencyProposalDto, now: DateTime): StepRequest {
  const proposedAt = pastInstant(dto.proposedAt, 'proposedAt', now);
  const proposal: SentencingProposal = {
    kind: dto.kind,
    penalty: dto.penalty,
    termMonths: dto.termMonths ?? null,
    minMonths: dto.minMonths ?? null,
    maxMonths: dto.maxMonths ?? null,
    probation: dto.probation,
    fineYuan: dto.fineYuan ?? null,
  };
  const errors = proposalErrors(proposal);
  if (errors.length > 0) throw new ValidationFailedError(errors);
  return { action: 'proposal', proposedAt, proposal };
}

function decisionStep(dto: LeniencyDecisionDto, now: DateTime): StepRequest {
  return {
    action: 'decision',
    decidedAt: pastInstant(dto.decidedAt, 'decidedAt', now),
    decision: dto.decision,
    sentenceMonths: dto.sentenceMonths,
    probation: dto.probation,
    hearingId: dto.hearingId ?? null,
  };
}

@Injectable()
export class LeniencyService {
  constructor(
    private readonly records: LeniencyRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  /** The case and the defendant's place in it, or 404 for a case the actor may not see or a defendant not in it. */
  private async facts(actor: Actor, caseId: string, defendantId: string): Promise<LeniencyCaseFacts> {
    const facts = await this.records.caseFacts(actor, caseId, defendantId);
    if (!facts || !facts.visible) throw new NotFoundError('Case', caseId);
    if (!facts.defendantInCase) throw new NotFoundError('Defendant in this case', defendantId);
    return facts;
  }

  private view(
    actor: Actor,
    facts: LeniencyCaseFacts,
    defendantId: string,
    record: Awaited<ReturnType<LeniencyRepository['find']>>,
  ) {
    return redactFreeText(
      actor,
      { courtId: facts.courtId, procuratorateId: facts.procuratorateId },
      toLeniencyRecordResponse(facts.caseId, defendantId, record),
    );
  }

  async get(ctx: RequestContext, caseId: string, defendantId: string): Promise<LeniencyRecordResponse> {
    const facts = await this.facts(ctx.actor, caseId, defendantId);
    return this.view(ctx.actor, facts, defendantId, await this.records.find(caseId, defendantId));
  }

  inform(ctx: RequestContext, caseId: string, defendantId: string, dto: LeniencyStepDto) {
    const now = DateTime.utc();
    return this.record(ctx, caseId, defendantId, { action: 'inform', at: pastInstant(dto.at, 'at', now) });
  }

  accept(ctx: RequestContext, caseId: string, defendantId: string, dto: LeniencyStepDto) {
    const now = DateTime.utc();
    return this.record(ctx, caseId, defendantId, { action: 'accept', at: pastInstant(dto.at, 'at', now) });
  }

  affidavit(ctx: RequestContext, caseId: string, defendantId: string, dto: LeniencyAffidavitDto) {
    return this.record(ctx, caseId, defendantId, affidavitStep(dto, DateTime.utc()));
  }

  proposal(ctx: RequestContext, caseId: string, defendantId: string, dto: LeniencyProposalDto) {
    return this.record(ctx, caseId, defendantId, proposalStep(dto, DateTime.utc()));
  }

  conclude(ctx: RequestContext, caseId: string, defendantId: string, dto: LeniencyConclusionDto) {
    const now = DateTime.utc();
    return this.record(ctx, caseId, defendantId, {
      action: 'conclude',
      concludedAt: pastInstant(dto.concludedAt, 'concludedAt', now),
      leniencyApplied: dto.leniencyApplied,
    });
  }

  decision(ctx: RequestContext, caseId: string, defendantId: string, dto: LeniencyDecisionDto) {
    return this.record(ctx, caseId, defendantId, decisionStep(dto, DateTime.utc()));
  }

  withdraw(ctx: RequestContext, caseId: string, defendantId: string, dto: LeniencyWithdrawalDto) {
    const now = DateTime.utc();
    return this.record(ctx, caseId, defendantId, {
      action: 'withdraw',
      at: pastInstant(dto.at, 'at', now),
      reason: dto.reason,
    });
  }

  /**
   * One step, in one transaction with the record locked: who may (404, 403), the facts it names (400), the state
   * machine (409, 422), then the record, its history row and the audit row.
   */
  private async record(
    ctx: RequestContext,
    caseId: string,
    defendantId: string,
    step: StepRequest,
  ): Promise<LeniencyRecordResponse> {
    const facts = await this.facts(ctx.actor, caseId, defendantId);
    if (!mayRecordAnyLeniencyStep(ctx.actor.role)) {
      throw new ForbiddenError(leniencyStepRefusal(ctx.actor.role, step.action, 'open') ?? 'not allowed');
    }
    return this.tx.run(async (tx) => {
      await this.applyStep(tx, ctx, facts, defendantId, step);
      return this.view(ctx.actor, facts, defendantId, await this.records.find(caseId, defendantId, tx));
    });
  }

  /**
   * The steps a hearing's outcome records for its defendants (for each, in order: affidavit, proposal, decision), in
   * the caller's transaction, each exactly as its own route would (rights, facts, the state machine, history,
   * audit): any error is the route's and leaves the caller to give the transaction up. Instants are checked as the
   * routes check them (a 400 names the step's own field, `decidedAt`). The case is read once for all of them;
   * `known` are hearings the caller has read (and locked) in this transaction, which a step naming one of them need
   * not read again.
   */
  async recordStepsInTransaction(
    tx: Transaction,
    ctx: RequestContext,
    caseId: string,
    items: ({ defendantId: string } & OutcomeSteps)[],
    known: ReadonlyMap<string, HearingFacts> = new Map(),
  ): Promise<void> {
    if (items.length === 0) return;
    const all = await this.records.caseFactsOf(
      ctx.actor,
      caseId,
      items.map((i) => i.defendantId),
      tx,
    );
    const now = DateTime.utc();
    const audits: AuditChange[] = [];
    const withSteps = items.filter((i) => i.affidavit || i.proposal || i.decision).map((i) => i.defendantId);
    const visible = withSteps.every((d) => all?.get(d)?.visible && all.get(d)?.defendantInCase);
    // Every record the steps touch, locked at once (when the case and defendants check out; else the loop says why).
    const records = visible && withSteps.length > 0 ? await this.records.lockMany(tx, caseId, withSteps) : new Map();
    for (const [i, item] of items.entries()) {
      // An error names the item and the step it came from: `leniency[1].decision.sentenceMonths`.
      await located(`leniency[${i}]`, async () => {
        const facts = all?.get(item.defendantId);
        if (!facts || !facts.visible) throw new NotFoundError('Case', caseId);
        if (!facts.defendantInCase) throw new NotFoundError('Defendant in this case', item.defendantId);
        const { affidavit, proposal, decision } = item;
        const plan: ['affidavit' | 'proposal' | 'decision', () => StepRequest][] = [];
        if (affidavit) plan.push(['affidavit', () => affidavitStep(affidavit, now)]);
        if (proposal) plan.push(['proposal', () => proposalStep(proposal, now)]);
        if (decision) plan.push(['decision', () => decisionStep(decision, now)]);
        let record: LeniencyRecordRecord | undefined = records.get(item.defendantId);
        for (const [key, build] of plan) {
          record = await located(key, async () => {
            const step = build();
            if (!mayRecordAnyLeniencyStep(ctx.actor.role))
              throw new ForbiddenError(leniencyStepRefusal(ctx.actor.role, step.action, 'open') ?? 'not allowed');
            return this.applyStep(tx, ctx, facts, item.defendantId, step, known, audits, record);
          });
        }
      });
    }
    // The steps' audit rows in one statement, in the steps' order, in the same transaction.
    await this.audit.recordMany(tx, ctx, audits);
  }

  /** One step on the locked record, in the caller's transaction. */
  private async applyStep(
    tx: Transaction,
    ctx: RequestContext,
    facts: LeniencyCaseFacts,
    defendantId: string,
    step: StepRequest,
    known: ReadonlyMap<string, HearingFacts> = new Map(),
    audits?: AuditChange[],
    locked?: LeniencyRecordRecord,
  ): Promise<LeniencyRecordRecord> {
    const actor = ctx.actor;
    const caseId = facts.caseId;
    const current = locked ?? (await this.records.lock(tx, caseId, defendantId));
    const refusal = leniencyStepRefusal(actor.role, step.action, current.machine.state);
    if (refusal) throw new ForbiddenError(`You may not ${step.action} here: ${refusal}`);
    const witnessRole = await this.checkFacts(tx, facts, defendantId, step, known);
    const next = applyLeniencyAction(current.machine, step);
    const payload = payloadOf(step, witnessRole);
    await this.records.write(tx, {
      recordId: current.id,
      next,
      witnessRole: witnessRole ?? current.witnessRole,
      proposedBy: step.action === 'proposal' ? actor.id : null,
      step: { action: step.action, actorId: actor.id, payload },
    });
    const change: AuditChange = {
      action: `leniency_${step.action}` as AuditAction,
      entityType: 'leniency_record',
      entityId: current.id,
      before: { state: current.machine.state },
      after: { state: next.state, caseId, defendantId, ...payload },
    };
    if (audits) audits.push(change);
    else await this.audit.record(tx, ctx, change);
    // The record as this step left it, still locked: the next step of the same record starts from it.
    return { ...current, machine: next, witnessRole: witnessRole ?? current.witnessRole };
  }

  /**
   * The people and hearings a step names, as 400s naming the field: the affidavit's witness is an active lawyer
   * (the defendant's defense lawyer in the case, or a duty lawyer: any other); a hearing is one of this case that the
   * defendant attends, not cancelled, a plea_signing attended by the witness for an affidavit. Returns the witness's
   * role for an affidavit.
   */
  private async checkFacts(
    tx: Transaction,
    facts: LeniencyCaseFacts,
    defendantId: string,
    step: StepRequest,
    known: ReadonlyMap<string, HearingFacts>,
  ): Promise<WitnessRole | null> {
    if (step.action !== 'affidavit' && step.action !== 'decision') return null;
    let witnessRole: WitnessRole | null = null;
    if (step.action === 'affidavit') {
      const witness = await this.records.userFacts(tx, step.witnessLawyerId);
      if (!witness || !witness.active || witness.role !== 'lawyer')
        throw ValidationFailedError.field('witnessLawyerId', 'no active lawyer has this id');
      witnessRole = facts.defenseLawyerId === step.witnessLawyerId ? 'defense_lawyer' : 'duty_lawyer';
    }
    if (step.hearingId) {
      const h = known.get(step.hearingId) ?? (await this.records.hearingFacts(tx, step.hearingId));
      const problem = !h
        ? 'no hearing has this id'
        : h.caseId !== facts.caseId
          ? 'is a hearing of another case'
          : !h.defendantIds.includes(defendantId)
            ? 'the defendant does not attend this hearing'
            : h.status === 'cancelled'
              ? 'this hearing was cancelled'
              : step.action === 'affidavit' && h.kind !== 'plea_signing'
                ? 'an affidavit is signed in a plea_signing hearing'
                : step.action === 'affidavit' && !h.lawyerIds.includes(step.witnessLawyerId)
                  ? 'the witness does not attend this hearing'
                  : null;
      if (problem) throw ValidationFailedError.field('hearingId', problem);
    }
    return witnessRole;
  }
}
