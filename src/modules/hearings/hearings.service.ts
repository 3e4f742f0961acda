import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import {
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  ValidationFailedError,
} from '../../common/errors/domain-error';
import type { Actor, RequestContext } from '../../common/http/request-context';
import { sameSet } from '../../common/collections';
import { parseInstant, parseIsoInstant } from '../../common/time/local-time';
import { retrying } from '../../platform/database/retry';
import { IdempotencyKeys } from '../../platform/idempotency/idempotency-keys';
import type { Transaction } from '../../platform/database/transaction';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import {
  CancelHearingDto,
  CreateHearingDto,
  HearingHistoryEntryResponse,
  HearingResponse,
  ListHearingsQuery,
  toHearingHistoryEntry,
  toHearingResponse,
  UpdateHearingDto,
} from './dto/hearing.dto';
import type { HearingKind } from './hearing.entity';
import { BookingFactsRepository, DefendantCustody, OrganizationFacts } from './booking-facts.repository';
import type { BookingInput } from './booking-input';
import { HearingBookingService } from './hearing-booking.service';
import { redactFreeText } from '../../kernel/access/free-text-readers';
import { type CaseParties, defaultParties } from './hearing-parties';
import { assertMayBook } from '../../kernel/access/hearing-visibility';
import { ANY_VERSION, type ExpectedVersion, requestFingerprint } from './http-preconditions';
import {
  HearingCancelledError,
  HearingHasOutcomeError,
  hasOutcome,
  IdempotencyKeyReusedError,
  isLostRace,
  StartsInPastError,
} from './hearings.errors';
import { HearingRecord, HearingsRepository } from './hearings.repository';

/** How long an Idempotency-Key and its answer are kept. */
const IDEMPOTENCY_TTL_HOURS = 24;
const IDEMPOTENCY_SCOPE_CREATE = 'POST /hearings';
/** A deadlock between racing bookings leaves nothing to report: run the transaction again, a few times. */
const RACE_RETRIES = 3;

/** The hearing API's rules: who may do what, idempotency, versions; booking itself is HearingBookingService's. */
@Injectable()
export class HearingsService {
  constructor(
    private readonly hearings: HearingsRepository,
    private readonly facts: BookingFactsRepository,
    private readonly idempotencyKeys: IdempotencyKeys,
    private readonly booking: HearingBookingService,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  /**
   * POST /hearings. With an Idempotency-Key the key is claimed in the booking transaction: a retry with the same
   * body gets the stored answer, a concurrent retry waits for the first one and then gets it too.
   */
  async create(ctx: RequestContext, dto: CreateHearingDto, idempotencyKey?: string): Promise<HearingResponse> {
    const key = idempotencyKey
      ? {
          actorId: ctx.actor.id,
          scope: IDEMPOTENCY_SCOPE_CREATE,
          key: idempotencyKey,
          requestHash: requestFingerprint(dto),
          ttlHours: IDEMPOTENCY_TTL_HOURS,
        }
      : undefined;
    return retrying(
      () =>
        this.tx.run(async (tx) => {
          if (key) {
            const claim = await this.idempotencyKeys.claim(tx, key);
            if (!claim.claimed) {
              if (claim.requestHash !== key.requestHash) throw new IdempotencyKeyReusedError();
              return claim.responseBody as HearingResponse;
            }
          }
          // The case locked as it is read: a change of its people waits for this booking, or this reads the change.
          const { kase, organizations, custody } = await this.caseForBooking(
            tx,
            ctx.actor,
            dto.caseId,
            dto.defendantIds,
          );
          assertMayBook(ctx.actor, kase, dto.kind);
          if (dto.override) this.assertMayOverrideHours(ctx.actor);
          if (dto.backfill) this.assertMayBackfill(ctx.actor);
          const zone = await this.booking.timeZoneFor(kase, dto.kind, tx, organizations);
          const startsAt = parseInstant(dto.startsAt, zone, 'startsAt');
          assertStartAllowed(startsAt, dto.backfill);
          const hearing = await this.booking.bookForCase(
            tx,
            ctx,
            kase,
            {
              caseId: kase.caseId,
              kind: dto.kind,
              startsAt,
              durationMinutes: dto.durationMinutes,
              courtroomId: dto.courtroomId,
              judgeId: dto.judgeId,
              prosecutorId: dto.prosecutorId,
              defenseLawyerIds: dto.defenseLawyerIds,
              defendantIds: dto.defendantIds,
              videoRoomId: dto.videoRoomId,
              notes: dto.notes,
            },
            {
              checkHours: !dto.override,
              hoursOverrideReason: dto.override?.reason.trim() ?? null,
              backfillReason: dto.backfill?.reason.trim() ?? null,
              organizations,
              custody,
              ownTransaction: true,
            },
          );
          const body = respond(ctx.actor, hearing);
          if (key) await this.idempotencyKeys.save(tx, key, 201, body);
          return body;
        }),
      isLostRace,
      RACE_RETRIES,
    );
  }

  /**
   * PATCH /hearings/:id with If-Match (a version, or `*` for whatever version is current). A change of the time or
   * of who attends re-books the hearing, checking every party again (which clears a custody flag); a change of the
   * notes alone is written as it is; a change that changes nothing writes nothing.
   */
  async update(
    ctx: RequestContext,
    id: string,
    expectedVersion: ExpectedVersion,
    dto: UpdateHearingDto,
  ): Promise<HearingResponse> {
    if (!touchesBooking(dto) && dto.notes === undefined && dto.override === undefined) {
      throw ValidationFailedError.field('body', 'give at least one field to change');
    }
    return retrying(
      () =>
        this.tx.run(async (tx) => {
          if (!(await this.hearings.isVisible(ctx.actor, id, tx))) throw new NotFoundError('Hearing', id);
          // A re-booking reads the defendants' custody: lock them before the hearing, in the custody trigger's order.
          // Then the case, so that a change of its people (PATCH /cases/:id) does not commit between the read of its
          // parties and this write.
          if (touchesBooking(dto)) {
            await this.facts.lockCaseDefendantsOfHearing(tx, id);
            await this.facts.lockCaseOfHearing(tx, id);
          }
          const before = (await this.hearings.findById(id, tx, { lock: true }))!;
          const kase = (await this.facts.findCaseParties(before.caseId, tx))!;
          const kind = dto.kind ?? before.kind;
          assertMayBook(ctx.actor, kase, before.kind);
          assertMayBook(ctx.actor, kase, kind);
          if (dto.override) this.assertMayOverrideHours(ctx.actor);
          if (dto.backfill) this.assertMayBackfill(ctx.actor);
          assertVersion(before, expectedVersion);
          if (before.status === 'cancelled') throw new HearingCancelledError(id);
          if (hasOutcome(before.status)) throw new HearingHasOutcomeError(id, before.status);
          const input = await this.mergedBooking(tx, kase, before, kind, dto);
          // Only a move is checked: a hearing already in the past may still have its notes or parties changed.
          if (dto.backfill || input.startsAt.toMillis() !== before.startsAt.getTime()) {
            assertStartAllowed(input.startsAt, dto.backfill);
          }
          const overrideReason = dto.override?.reason.trim() ?? null;
          // Notes alone never re-book, even where a default would now differ (a place a case change left empty).
          const hearing =
            touchesBooking(dto) && bookingChanged(kase, before, input, dto)
              ? await this.booking.rebookInTransaction(tx, ctx, kase, before, input, {
                  checkHours: !dto.override,
                  hoursOverrideReason: overrideReason,
                  backfillReason: dto.backfill?.reason.trim() ?? null,
                })
              : await this.booking.annotateInTransaction(tx, ctx, before, {
                  notes: input.notes ?? null,
                  hoursOverrideReason: overrideReason ?? before.hoursOverrideReason,
                });
          return respond(ctx.actor, hearing);
        }),
      isLostRace,
      RACE_RETRIES,
    );
  }

  /** POST /hearings/:id/cancel: frees every person and room it held (the database trigger deletes the reservations). */
  async cancel(
    ctx: RequestContext,
    id: string,
    dto: CancelHearingDto,
    expectedVersion?: ExpectedVersion,
  ): Promise<HearingResponse> {
    return this.tx.run(async (tx) => {
      const before = await this.lockVisible(tx, ctx.actor, id);
      const kase = (await this.facts.findCaseParties(before.caseId, tx))!;
      assertMayBook(ctx.actor, kase, before.kind);
      if (expectedVersion !== undefined) assertVersion(before, expectedVersion);
      if (before.status === 'cancelled') throw new HearingCancelledError(id);
      if (hasOutcome(before.status)) throw new HearingHasOutcomeError(id, before.status);
      const after = await this.booking.cancelInTransaction(tx, ctx, before, dto.reason.trim());
      return respond(ctx.actor, after);
    });
  }

  async get(ctx: RequestContext, id: string): Promise<HearingResponse> {
    if (!(await this.hearings.isVisible(ctx.actor, id))) throw new NotFoundError('Hearing', id);
    return respond(ctx.actor, (await this.hearings.findById(id))!);
  }

  async list(ctx: RequestContext, q: ListHearingsQuery): Promise<HearingResponse[]> {
    const from = q.from === undefined ? undefined : parseIsoInstant(q.from, 'from');
    const to = q.to === undefined ? undefined : parseIsoInstant(q.to, 'to');
    if (from && to && to <= from) throw ValidationFailedError.field('to', 'must be after from');
    const rows = await this.hearings.list(ctx.actor, {
      from,
      to,
      courtId: q.courtId,
      detentionCenterId: q.detentionCenterId,
      status: q.status,
      userId: q.userId,
      limit: q.limit ?? 100,
    });
    return rows.map((h) => respond(ctx.actor, h));
  }

  /** The hearing's story from the audit log, oldest first; free text only for those who may read it. */
  async history(ctx: RequestContext, id: string): Promise<HearingHistoryEntryResponse[]> {
    if (!(await this.hearings.isVisible(ctx.actor, id))) throw new NotFoundError('Hearing', id);
    const hearing = (await this.hearings.findById(id))!;
    return (await this.audit.historyOf('hearing', id)).map((e) =>
      redactFreeText(ctx.actor, hearing, toHearingHistoryEntry(e)),
    );
  }

  // ---- rules ---------------------------------------------------------------------------------------------

  /**
   * A case the actor may see, locked, with its organizations and the attending defendants' custody (locked too,
   * after the case); otherwise the same 400 whether it exists or not. When the case changed while this waited for
   * its lock it is read again, and `custody` is left for bookForCase to lock and read (withCurrentCustody).
   */
  private async caseForBooking(
    tx: Transaction,
    actor: Actor,
    caseId: string,
    defendantIds: string[] | undefined,
  ): Promise<{ kase: CaseParties; organizations: OrganizationFacts[]; custody?: DefendantCustody[] }> {
    const locked = await this.facts.lockCaseToBook(tx, actor, caseId, defendantIds ?? null);
    const found = locked?.changedWhileWaiting ? await this.facts.findCaseToBook(actor, caseId, tx) : locked;
    if (!found) throw ValidationFailedError.field('caseId', 'no case with this id is visible to you');
    return locked!.changedWhileWaiting ? { kase: found.kase, organizations: found.organizations } : locked!;
  }

  private assertMayOverrideHours(actor: Actor): void {
    if (actor.role !== 'admin' && actor.role !== 'clerk') {
      throw new ForbiddenError('Only a clerk or an admin may book outside opening hours (override)');
    }
  }

  private assertMayBackfill(actor: Actor): void {
    if (actor.role !== 'admin' && actor.role !== 'clerk') {
      throw new ForbiddenError('Only a clerk or an admin may record a hearing in the past (backfill)');
    }
  }

  private async lockVisible(tx: Transaction, actor: Actor, id: string): Promise<HearingRecord> {
    if (!(await this.hearings.isVisible(actor, id, tx))) throw new NotFoundError('Hearing', id);
    return (await this.hearings.findById(id, tx, { lock: true }))!;
  }

  /** The complete new booking: the change laid over the current one. */
  private async mergedBooking(
    tx: Transaction,
    kase: CaseParties,
    before: HearingRecord,
    kind: HearingKind,
    dto: UpdateHearingDto,
  ): Promise<BookingInput> {
    const startsAt =
      dto.startsAt !== undefined
        ? parseInstant(dto.startsAt, await this.booking.timeZoneFor(kase, kind, tx), 'startsAt')
        : DateTime.fromJSDate(before.startsAt);
    const durationMinutes =
      dto.durationMinutes ?? Math.round((before.endsAt.getTime() - before.startsAt.getTime()) / 60_000);
    // Naming the defendants it already has is no change: its lawyers and video room stay.
    const defendantsChanged = dto.defendantIds !== undefined && !sameSet(dto.defendantIds, before.defendantIds);
    return {
      caseId: before.caseId,
      kind,
      startsAt,
      durationMinutes,
      courtroomId: dto.courtroomId !== undefined ? dto.courtroomId : before.courtroomId,
      judgeId: dto.judgeId !== undefined ? dto.judgeId : before.judgeId,
      prosecutorId: dto.prosecutorId !== undefined ? dto.prosecutorId : before.prosecutorId,
      defendantIds: dto.defendantIds ?? before.defendantIds,
      // New defendants bring their own lawyers and video room unless these are given too.
      defenseLawyerIds: dto.defenseLawyerIds ?? (defendantsChanged ? undefined : before.defenseLawyerIds),
      videoRoomId: dto.videoRoomId !== undefined ? dto.videoRoomId : defendantsChanged ? undefined : before.videoRoomId,
      notes: dto.notes !== undefined ? dto.notes : before.notes,
    };
  }
}

/** A hearing as this reader may see it: its free text only for those who write it (free-text-readers.ts). */
function respond(actor: Actor, h: HearingRecord): HearingResponse {
  return redactFreeText(actor, h, toHearingResponse(h));
}

/**
 * A hearing is booked or moved to start in the past only as an explicit back-fill, and a back-fill only records a
 * hearing in the past: 422 STARTS_IN_PAST, or 400 naming `backfill`.
 */
function assertStartAllowed(startsAt: DateTime, backfill: { reason: string } | undefined): void {
  const inPast = startsAt.toMillis() < Date.now();
  if (inPast && !backfill) throw new StartsInPastError('startsAt', startsAt.toUTC().toISO()!);
  if (!inPast && backfill) {
    throw ValidationFailedError.field(
      'backfill',
      'is only for a hearing that starts in the past (startsAt before now)',
    );
  }
}

/** If-Match: the version the client read; `*` matches any (RFC 9110). */
function assertVersion(h: HearingRecord, expected: ExpectedVersion): void {
  if (expected === ANY_VERSION || h.version === expected) return;
  throw new PreconditionFailedError(
    `The hearing is at version ${h.version}, not ${expected}: read it again and retry`,
    {
      currentVersion: h.version,
    },
  );
}

/**
 * Whether the merged change moves the hearing or changes who or what attends it: a value that differs from the
 * current one, or a video room to choose again (`videoRoomId: null`). Anything else leaves the booking as it is.
 */
function bookingChanged(kase: CaseParties, before: HearingRecord, input: BookingInput, dto: UpdateHearingDto): boolean {
  const parties = defaultParties(kase, input);
  const durationMs = input.durationMinutes * 60_000;
  return (
    input.kind !== before.kind ||
    input.startsAt.toMillis() !== before.startsAt.getTime() ||
    durationMs !== before.endsAt.getTime() - before.startsAt.getTime() ||
    (input.courtroomId ?? null) !== before.courtroomId ||
    (input.judgeId ?? null) !== before.judgeId ||
    parties.prosecutorId !== before.prosecutorId ||
    !sameSet(parties.defendantIds, before.defendantIds) ||
    !sameSet(parties.defenseLawyerIds, before.defenseLawyerIds) ||
    dto.videoRoomId === null ||
    (dto.videoRoomId !== undefined && dto.videoRoomId !== before.videoRoomId)
  );
}

/** Whether a change names the time or who or what attends (then the defendants are locked before the hearing). */
function touchesBooking(dto: UpdateHearingDto): boolean {
  return [
    dto.kind,
    dto.startsAt,
    dto.durationMinutes,
    dto.courtroomId,
    dto.judgeId,
    dto.prosecutorId,
    dto.defenseLawyerIds,
    dto.defendantIds,
    dto.videoRoomId,
  ].some((v) => v !== undefined);
}
