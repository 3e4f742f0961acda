import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import {
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  ValidationFailedError,
} from '../../common/errors/domain-error';
import type { Actor, RequestContext } from '../../common/http/request-context';
import { parseInstant } from '../../common/time/local-time';
import { TransactionRunner } from '../../database/transaction-runner';
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
import { BookingInput, HearingBookingService, hearingAuditSnapshot } from './hearing-booking.service';
import type { CaseParties } from './hearing-parties';
import { assertMayBook } from './hearing-visibility';
import { requestFingerprint } from './http-preconditions';
import { HearingCancelledError, HearingClashError, IdempotencyKeyReusedError } from './hearings.errors';
import { HearingRecord, HearingsRepository, OrganizationFacts } from './hearings.repository';

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
    if (key && Math.random() < 0.01) await this.hearings.purgeExpiredIdempotencyKeys();
    return this.retryingRaces(() =>
      this.tx.run(async (manager) => {
        if (key) {
          const claim = await this.hearings.claimIdempotencyKey(manager, key);
          if (!claim.claimed) {
            if (claim.requestHash !== key.requestHash) throw new IdempotencyKeyReusedError();
            return claim.responseBody as HearingResponse;
          }
        }
        const { kase, organizations } = await this.caseForBooking(manager, ctx.actor, dto.caseId);
        assertMayBook(ctx.actor, kase, dto.kind);
        if (dto.override) this.assertMayOverrideHours(ctx.actor);
        const zone = await this.booking.timeZoneFor(kase, dto.kind, manager, organizations);
        const hearing = await this.booking.bookForCase(
          manager,
          ctx,
          kase,
          {
            caseId: kase.caseId,
            kind: dto.kind,
            startsAt: parseInstant(dto.startsAt, zone, 'startsAt'),
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
            organizations,
            ownTransaction: true,
          },
        );
        const body = toHearingResponse(hearing);
        if (key) await this.hearings.saveIdempotentResponse(manager, key, 201, body);
        return body;
      }),
    );
  }

  /** PATCH /hearings/:id with If-Match: merges the change into the booking and re-books it. */
  async update(
    ctx: RequestContext,
    id: string,
    expectedVersion: number,
    dto: UpdateHearingDto,
  ): Promise<HearingResponse> {
    if (!touchesBooking(dto) && dto.notes === undefined && dto.override === undefined) {
      throw ValidationFailedError.field('body', 'give at least one field to change');
    }
    return this.retryingRaces(() =>
      this.tx.run(async (manager) => {
        const before = await this.lockVisible(manager, ctx.actor, id);
        const kase = (await this.hearings.findCaseParties(before.caseId, manager))!;
        const kind = dto.kind ?? before.kind;
        assertMayBook(ctx.actor, kase, before.kind);
        assertMayBook(ctx.actor, kase, kind);
        if (dto.override) this.assertMayOverrideHours(ctx.actor);
        if (before.version !== expectedVersion) {
          throw new PreconditionFailedError(
            `The hearing is at version ${before.version}, not ${expectedVersion}: read it again and retry`,
            {
              currentVersion: before.version,
            },
          );
        }
        if (before.status === 'cancelled') throw new HearingCancelledError(id);
        const input = await this.mergedBooking(manager, kase, before, kind, dto);
        const timingOrPartiesChanged = touchesBooking(dto);
        const hearing = await this.booking.rebookInTransaction(manager, ctx, before, input, {
          checkHours: timingOrPartiesChanged && !dto.override,
          hoursOverrideReason: dto.override
            ? dto.override.reason.trim()
            : timingOrPartiesChanged
              ? null
              : before.hoursOverrideReason,
        });
        return toHearingResponse(hearing);
      }),
    );
  }

  /** POST /hearings/:id/cancel: frees every person and room it held (the database trigger deletes the reservations). */
  async cancel(
    ctx: RequestContext,
    id: string,
    dto: CancelHearingDto,
    expectedVersion?: number,
  ): Promise<HearingResponse> {
    return this.tx.run(async (manager) => {
      const before = await this.lockVisible(manager, ctx.actor, id);
      const kase = (await this.hearings.findCaseParties(before.caseId, manager))!;
      assertMayBook(ctx.actor, kase, before.kind);
      if (expectedVersion !== undefined && before.version !== expectedVersion) {
        throw new PreconditionFailedError(`The hearing is at version ${before.version}, not ${expectedVersion}`, {
          currentVersion: before.version,
        });
      }
      if (before.status === 'cancelled') throw new HearingCancelledError(id);
      await this.hearings.cancel(manager, id, dto.reason.trim());
      const after = (await this.hearings.findById(id, manager))!;
      await this.audit.record(manager, ctx, {
        action: 'cancel',
        entityType: 'hearing',
        entityId: id,
        before: hearingAuditSnapshot(before),
        after: hearingAuditSnapshot(after),
      });
      return toHearingResponse(after);
    });
  }

  async get(ctx: RequestContext, id: string): Promise<HearingResponse> {
    if (!(await this.hearings.isVisible(ctx.actor, id))) throw new NotFoundError('Hearing', id);
    return toHearingResponse((await this.hearings.findById(id))!);
  }

  async list(ctx: RequestContext, q: ListHearingsQuery): Promise<HearingResponse[]> {
    const from = q.from ? DateTime.fromISO(q.from, { zone: 'utc' }) : undefined;
    const to = q.to ? DateTime.fromISO(q.to, { zone: 'utc' }) : undefined;
    if (from && to && to <= from) throw ValidationFailedError.field('to', 'must be after from');
    const rows = await this.hearings.list(ctx.actor, {
      from: from?.toJSDate(),
      to: to?.toJSDate(),
      courtId: q.courtId,
      detentionCenterId: q.detentionCenterId,
      status: q.status,
      userId: q.userId,
      limit: q.limit ?? 100,
    });
    return rows.map(toHearingResponse);
  }

  /** The hearing's story from the audit log, oldest first. */
  async history(ctx: RequestContext, id: string): Promise<HearingHistoryEntryResponse[]> {
    if (!(await this.hearings.isVisible(ctx.actor, id))) throw new NotFoundError('Hearing', id);
    return (await this.audit.historyOf('hearing', id)).map(toHearingHistoryEntry);
  }

  // ---- rules ---------------------------------------------------------------------------------------------

  private async retryingRaces<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (err) {
        if (err instanceof HearingClashError && err.conflicts.length === 0 && attempt < RACE_RETRIES) continue;
        throw err;
      }
    }
  }

  /** A case the actor may see, with its organizations; otherwise the same 400 whether it exists or not. */
  private async caseForBooking(
    manager: EntityManager,
    actor: Actor,
    caseId: string,
  ): Promise<{ kase: CaseParties; organizations: OrganizationFacts[] }> {
    const found = await this.hearings.findCaseToBook(actor, caseId, manager);
    if (!found) throw ValidationFailedError.field('caseId', 'no case with this id is visible to you');
    return found;
  }

  private assertMayOverrideHours(actor: Actor): void {
    if (actor.role !== 'admin' && actor.role !== 'clerk') {
      throw new ForbiddenError('Only a clerk or an admin may book outside opening hours (override)');
    }
  }

  private async lockVisible(manager: EntityManager, actor: Actor, id: string): Promise<HearingRecord> {
    if (!(await this.hearings.isVisible(actor, id, manager))) throw new NotFoundError('Hearing', id);
    return (await this.hearings.findById(id, manager, { lock: true }))!;
  }

  /** The complete new booking: the change laid over the current one. */
  private async mergedBooking(
    manager: EntityManager,
    kase: CaseParties,
    before: HearingRecord,
    kind: HearingKind,
    dto: UpdateHearingDto,
  ): Promise<BookingInput> {
    const startsAt =
      dto.startsAt !== undefined
        ? parseInstant(dto.startsAt, await this.booking.timeZoneFor(kase, kind, manager), 'startsAt')
        : DateTime.fromJSDate(before.startsAt);
    const durationMinutes =
      dto.durationMinutes ?? Math.round((before.endsAt.getTime() - before.startsAt.getTime()) / 60_000);
    const defendantsChanged = dto.defendantIds !== undefined;
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

/** Whether a change moves the hearing or changes who or what attends (then hours are checked again). */
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
