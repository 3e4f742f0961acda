import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { ForbiddenError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error';
import type { Actor, RequestContext } from '../../common/http/request-context';
import { parseInstant, toUtcIso } from '../../common/time/local-time';
import { redactFreeText } from '../../kernel/access/free-text-readers';
import type { Transaction } from '../../platform/database/transaction';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { HearingBookingService } from '../hearings/hearing-booking.service';
import { BookingFactsRepository } from '../hearings/booking-facts.repository';
import { HearingCancelledError, isLostRace, StartsInPastError } from '../hearings/hearings.errors';
import { retrying } from '../../platform/database/retry';
import { HearingRecord, HearingsRepository } from '../hearings/hearings.repository';
import { LeniencyService } from '../leniency/leniency.service';
import { CorrectOutcomeDto, HearingOutcomeResponse, RecordOutcomeDto, toOutcomeResponse } from './dto/outcome.dto';
import { statusForOutcome } from './outcome-status';
import { OutcomeBeforeStartError, OutcomeExistsError } from './outcomes.errors';
import { HearingOutcomeRecord, OutcomeFields, OutcomesRepository } from './outcomes.repository';

const OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** An instant of what happened: ISO 8601 with an offset or Z, not after now; undefined stays null. */
function pastInstant(value: string | undefined, field: string, now: DateTime): Date | null {
  if (value === undefined) return null;
  if (!OFFSET.test(value) || !/T/i.test(value))
    throw ValidationFailedError.field(field, 'must be an ISO 8601 date-time with an offset or Z');
  const at = parseInstant(value, 'UTC', field);
  if (at > now) throw ValidationFailedError.field(field, 'must not be in the future: it records what happened');
  return at.toJSDate();
}

function outcomeFields(dto: RecordOutcomeDto | CorrectOutcomeDto, now: DateTime): OutcomeFields {
  const startedAt = pastInstant(dto.startedAt, 'startedAt', now);
  const endedAt = pastInstant(dto.endedAt, 'endedAt', now);
  if (startedAt && endedAt && endedAt < startedAt)
    throw ValidationFailedError.field('endedAt', 'must not be before startedAt');
  return { result: dto.result, startedAt, endedAt, notes: dto.notes?.trim() || null };
}

/**
 * Who may record a hearing's outcome: a clerk or judge of the case's court; for a plea signing the prosecutors of
 * the case's procuratorate; admins.
 */
function assertMayRecordOutcome(actor: Actor, h: HearingRecord): void {
  if (actor.role === 'admin') return;
  if ((actor.role === 'clerk' || actor.role === 'judge') && actor.organizationId === h.courtId) return;
  if (h.kind === 'plea_signing' && actor.role === 'prosecutor' && actor.organizationId === h.procuratorateId) return;
  throw new ForbiddenError(
    h.kind === 'plea_signing'
      ? "Only the case's court, the prosecutors of its procuratorate or an admin record a plea signing's outcome"
      : "Only a clerk or judge of the case's court or an admin records a hearing's outcome",
  );
}

/** A hearing's outcome: recorded once (with its plea-leniency steps), corrected with a reason, read. */
@Injectable()
export class OutcomesService {
  constructor(
    private readonly outcomes: OutcomesRepository,
    private readonly hearings: HearingsRepository,
    private readonly booking: HearingBookingService,
    private readonly facts: BookingFactsRepository,
    private readonly leniency: LeniencyService,
    private readonly tx: TransactionRunner,
  ) {}

  private async lockVisible(tx: Transaction, actor: Actor, id: string): Promise<HearingRecord> {
    const h = await this.hearings.lockVisible(tx, actor, id);
    if (!h) throw new NotFoundError('Hearing', id);
    return h;
  }

  private respond(actor: Actor, h: HearingRecord, o: HearingOutcomeRecord): HearingOutcomeResponse {
    return redactFreeText(actor, h, toOutcomeResponse(o, h.status));
  }

  /**
   * POST /hearings/:id/outcome: in one transaction, the outcome, the hearing's status (through the booking
   * service and HearingChanges) and each plea-leniency step through the leniency service; any error gives it all up.
   */
  async record(ctx: RequestContext, id: string, dto: RecordOutcomeDto): Promise<HearingOutcomeResponse> {
    const now = DateTime.utc();
    const fields = outcomeFields(dto, now);
    if (dto.adjournTo && fields.result === 'held')
      throw ValidationFailedError.field('adjournTo', 'a hearing that was held is not adjourned: leave adjournTo out');
    // A deadlock of the follow-up's booking with a racing one: the whole outcome runs again.
    return retrying(() => this.recordOnce(ctx, id, dto, fields, now), isLostRace, 3);
  }

  private recordOnce(
    ctx: RequestContext,
    id: string,
    dto: RecordOutcomeDto,
    fields: OutcomeFields,
    now: DateTime,
  ): Promise<HearingOutcomeResponse> {
    const items = dto.leniency ?? [];
    return this.tx.run(async (tx) => {
      const before = await this.lockVisible(tx, ctx.actor, id);
      // Read in the hearing's zone: a bad one is a 400 before any other refusal.
      const followUpStart = dto.adjournTo
        ? parseInstant(dto.adjournTo.startsAt, before.timeZone, 'adjournTo.startsAt')
        : null;
      assertMayRecordOutcome(ctx.actor, before);
      if (before.status === 'cancelled') throw new HearingCancelledError(id);
      // Only a hearing's outcome takes it out of `scheduled` (completed, adjourned, failed): its status says there is
      // one already, without a read; the unique hearing_id of hearing_outcomes decides between two at once.
      if (before.status !== 'scheduled') throw new OutcomeExistsError(id);
      if (now.toMillis() < before.startsAt.getTime()) throw new OutcomeBeforeStartError(toUtcIso(before.startsAt));
      items.forEach((item, i) => {
        if (!before.defendantIds.includes(item.defendantId))
          throw ValidationFailedError.field(`leniency[${i}].defendantId`, 'the defendant does not attend this hearing');
        if (items.findIndex((other) => other.defendantId === item.defendantId) < i)
          throw ValidationFailedError.field(
            `leniency[${i}].defendantId`,
            'the defendant is listed already: give all their steps in one item',
          );
      });
      const followUp =
        dto.adjournTo && followUpStart
          ? await this.bookFollowUp(tx, ctx, before, followUpStart, dto.adjournTo.durationMinutes, now)
          : null;
      const outcome = await this.outcomes.insert(tx, id, fields, ctx.actor.id, followUp?.id ?? null);
      // The hearing is locked and read: a decision naming it need not read it again.
      await this.leniency.recordStepsInTransaction(
        tx,
        ctx,
        before.caseId,
        items,
        new Map([
          [
            id,
            {
              caseId: before.caseId,
              kind: before.kind,
              status: before.status,
              defendantIds: before.defendantIds,
              lawyerIds: before.defenseLawyerIds,
            },
          ],
        ]),
      );
      const after = await this.booking.recordOutcomeInTransaction(
        tx,
        ctx,
        before,
        statusForOutcome(fields.result, followUp !== null),
        {
          result: fields.result,
          followUpHearingId: followUp?.id ?? null,
          hasNotes: fields.notes !== null,
          leniency: items.map((i) => ({
            defendantId: i.defendantId,
            pleaConfirmed: i.pleaConfirmed ?? null,
            steps: (['affidavit', 'proposal', 'decision'] as const).filter((k) => i[k] !== undefined),
          })),
        },
        'record_outcome',
      );
      return this.respond(ctx.actor, after, outcome);
    });
  }

  /**
   * The follow-up hearing of an adjournment, booked by the booking rules in the outcome's transaction: the same
   * kind, courtroom, judge, prosecutor, lawyers and defendants (the video room chosen again), after now, within
   * hours; a clash → the 409 HEARING_CLASH. Whoever may record the outcome may book it: the court adjourns.
   */
  private async bookFollowUp(
    tx: Transaction,
    ctx: RequestContext,
    h: HearingRecord,
    startsAt: DateTime,
    duration: number | undefined,
    now: DateTime,
  ): Promise<HearingRecord> {
    if (startsAt < now) throw new StartsInPastError('adjournTo.startsAt', toUtcIso(startsAt));
    const kase = (await this.facts.findCaseParties(h.caseId, tx))!;
    const durationMinutes = duration ?? Math.round((h.endsAt.getTime() - h.startsAt.getTime()) / 60_000);
    return this.booking.bookForCase(tx, ctx, kase, {
      caseId: h.caseId,
      kind: h.kind,
      startsAt,
      durationMinutes,
      courtroomId: h.courtroomId,
      judgeId: h.judgeId,
      prosecutorId: h.prosecutorId,
      defenseLawyerIds: h.defenseLawyerIds,
      defendantIds: h.defendantIds,
    });
  }

  /**
   * PUT /hearings/:id/outcome: corrects the result, times or notes with a reason, audited; the hearing's status
   * follows the result. Plea-leniency steps are not run again (the record has its own steps for that).
   */
  async correct(ctx: RequestContext, id: string, dto: CorrectOutcomeDto): Promise<HearingOutcomeResponse> {
    const fields = outcomeFields(dto, DateTime.utc());
    const reason = dto.reason.trim();
    return this.tx.run(async (tx) => {
      const before = await this.lockVisible(tx, ctx.actor, id);
      assertMayRecordOutcome(ctx.actor, before);
      const old = await this.outcomes.find(id, tx);
      if (!old) throw new NotFoundError('Outcome of hearing', id);
      const outcome = await this.outcomes.correct(tx, id, fields, ctx.actor.id, reason);
      const after = await this.booking.recordOutcomeInTransaction(
        tx,
        ctx,
        before,
        statusForOutcome(fields.result, old.followUpHearingId !== null),
        {
          previousResult: old.result,
          result: fields.result,
          hasNotes: fields.notes !== null,
          correctionReason: reason,
        },
        'correct_outcome',
      );
      return this.respond(ctx.actor, after, outcome);
    });
  }

  /** GET /hearings/:id/outcome: whoever sees the hearing; notes and the correction's reason as free text. */
  async get(ctx: RequestContext, id: string): Promise<HearingOutcomeResponse> {
    if (!(await this.hearings.isVisible(ctx.actor, id))) throw new NotFoundError('Hearing', id);
    const outcome = await this.outcomes.find(id);
    if (!outcome) throw new NotFoundError('Outcome of hearing', id);
    return this.respond(ctx.actor, (await this.hearings.findById(id))!, outcome);
  }
}
