import { Injectable } from '@nestjs/common';
import { DateTime, Interval } from 'luxon';
import { EntityManager } from 'typeorm';
import { FieldError, ForbiddenError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error';
import type { Actor, RequestContext } from '../../common/http/request-context';
import { parseInstant, toLocalIso, toUtcIso } from '../../common/time/local-time';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { CalendarsService } from '../calendars/calendars.service';
import { toHearingResponse } from '../hearings/dto/hearing.dto';
import type { HearingKind } from '../hearings/hearing.entity';
import { HearingBookingService, hearingAuditSnapshot } from '../hearings/hearing-booking.service';
import { CaseParties, defaultParties, ResolvedParties } from '../hearings/hearing-parties';
import { HearingClashError } from '../hearings/hearings.errors';
import { BusyReservation, HearingsRepository, UserFacts } from '../hearings/hearings.repository';
import {
  CancelSittingDto,
  CreateSittingDto,
  SittingPlanResponse,
  SittingResponse,
  sittingAuditSnapshot,
  toSittingResponse,
} from './dto/sitting.dto';
import { planSitting, PlannerCase, PlannerCenter, SittingPlan } from './sitting-planner';
import { Sitting } from './sitting.entity';
import { SittingCancelledError, SittingClashError, SittingHasNoHearingError } from './sittings.errors';
import { SittingsRepository } from './sittings.repository';

/** A sitting is one session: its window is at most this long, which also bounds what planning reads. */
export const MAX_SITTING_WINDOW_HOURS = 24;
/** A deadlock between racing bookings leaves nothing to report: plan and book again, a few times. */
const RACE_RETRIES = 3;

interface PreparedCase {
  index: number;
  kase: CaseParties;
  parties: ResolvedParties;
  centerId: string | null;
}

interface PreparedSitting {
  dto: CreateSittingDto;
  kind: HearingKind;
  timeZone: string;
  window: Interval;
  gapMinutes: number;
  cases: PreparedCase[];
}

/**
 * Concentrated sittings (三集中): plans the order and the video rooms with the pure planner (sitting-planner.ts),
 * then books every hearing in one transaction through HearingBookingService, so each hearing obeys exactly the
 * rules of a single booking and a clash made meanwhile by someone else rolls the whole sitting back.
 */
@Injectable()
export class SittingsService {
  constructor(
    private readonly sittings: SittingsRepository,
    private readonly hearings: HearingsRepository,
    private readonly booking: HearingBookingService,
    private readonly calendars: CalendarsService,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  /** POST /sittings. With dryRun the plan is answered and nothing is written. */
  async create(ctx: RequestContext, dto: CreateSittingDto): Promise<SittingResponse | SittingPlanResponse> {
    assertMayManage(ctx.actor, dto.courtId);
    for (let attempt = 0; ; attempt++) {
      try {
        const prepared = await this.prepare(ctx.actor, dto);
        const plan = planSitting(await this.plannerInput(prepared));
        if (dto.dryRun) return toPlanResponse(prepared, plan);
        return await this.book(ctx, prepared, plan);
      } catch (err) {
        if (err instanceof HearingClashError && err.conflicts.length === 0 && attempt < RACE_RETRIES) continue;
        throw err;
      }
    }
  }

  async get(ctx: RequestContext, id: string): Promise<SittingResponse> {
    if (!(await this.sittings.isVisible(ctx.actor, id))) throw new NotFoundError('Sitting', id);
    const sitting = (await this.sittings.findById(id))!;
    return this.respond(sitting);
  }

  /** POST /sittings/:id/cancel: the sitting and every hearing it still holds, in one transaction, each audited. */
  async cancel(ctx: RequestContext, id: string, dto: CancelSittingDto): Promise<SittingResponse> {
    const reason = dto.reason.trim();
    return this.tx.run(async (manager) => {
      if (!(await this.sittings.isVisible(ctx.actor, id, manager))) throw new NotFoundError('Sitting', id);
      const before = (await this.sittings.findById(id, manager, { lock: true }))!;
      assertMayManage(ctx.actor, before.courtId);
      if (before.status === 'cancelled') throw new SittingCancelledError(id);
      const hearingIds = await this.sittings.findHearingIds(id, manager);
      for (const hearingId of hearingIds) {
        const hearing = (await this.hearings.findById(hearingId, manager, { lock: true }))!;
        if (hearing.status === 'cancelled') continue;
        await this.hearings.cancel(manager, hearingId, reason);
        const after = (await this.hearings.findById(hearingId, manager))!;
        await this.audit.record(manager, ctx, {
          action: 'cancel',
          entityType: 'hearing',
          entityId: hearingId,
          before: hearingAuditSnapshot(hearing),
          after: hearingAuditSnapshot(after),
        });
      }
      const after = await this.sittings.markCancelled(manager, id, reason);
      await this.audit.record(manager, ctx, {
        action: 'cancel',
        entityType: 'sitting',
        entityId: id,
        before: sittingAuditSnapshot(before, hearingIds),
        after: sittingAuditSnapshot(after, hearingIds),
      });
      return this.respond(after, manager);
    });
  }

  // ---- planning ------------------------------------------------------------------------------------------

  /** Checks the request against the directory and the cases; every field error is collected before answering. */
  private async prepare(actor: Actor, dto: CreateSittingDto): Promise<PreparedSitting> {
    const [court] = await this.hearings.findOrganizations([dto.courtId]);
    if (!court || court.kind !== 'court') throw ValidationFailedError.field('courtId', 'is not a court');
    const timeZone = court.timeZone;
    const from = parseInstant(dto.startsAt, timeZone, 'startsAt');
    const to = parseInstant(dto.endsAt, timeZone, 'endsAt');
    const errors: FieldError[] = [];
    if (to <= from) errors.push({ field: 'endsAt', message: 'must be after startsAt' });
    else if (to.diff(from, 'hours').hours > MAX_SITTING_WINDOW_HOURS) {
      errors.push({
        field: 'endsAt',
        message: `a sitting's window may last at most ${MAX_SITTING_WINDOW_HOURS} hours`,
      });
    }

    const staff = new Map((await this.hearings.findUsers([dto.judgeId, dto.prosecutorId])).map((u) => [u.id, u]));
    const judge = staff.get(dto.judgeId);
    if (!judge || judge.role !== 'judge' || !judge.active)
      errors.push({ field: 'judgeId', message: 'is not an active judge' });
    else if (judge.organizationId !== court.id)
      errors.push({ field: 'judgeId', message: 'is not a judge of the court' });
    const prosecutor = staff.get(dto.prosecutorId);
    const prosecutorOk = !!prosecutor && prosecutor.role === 'prosecutor' && prosecutor.active;
    if (!prosecutorOk) errors.push({ field: 'prosecutorId', message: 'is not an active prosecutor' });
    const [courtroom] = await this.hearings.findRooms([dto.courtroomId]);
    if (!courtroom || courtroom.kind !== 'courtroom')
      errors.push({ field: 'courtroomId', message: 'is not a courtroom' });
    else if (courtroom.organizationId !== court.id)
      errors.push({ field: 'courtroomId', message: 'is not a courtroom of the court' });

    const cases: PreparedCase[] = [];
    const seen = new Map<string, number>();
    for (const [index, c] of dto.cases.entries()) {
      const field = `cases[${index}]`;
      if (seen.has(c.caseId)) {
        errors.push({ field: `${field}.caseId`, message: `is already listed as cases[${seen.get(c.caseId)}]` });
        continue;
      }
      seen.set(c.caseId, index);
      const kase = await this.hearings.findCaseParties(c.caseId);
      if (!kase || !(await this.hearings.isCaseVisible(actor, c.caseId))) {
        errors.push({ field: `${field}.caseId`, message: 'no case with this id is visible to you' });
        continue;
      }
      if (kase.courtId !== court.id) {
        errors.push({ field: `${field}.caseId`, message: 'is a case of another court' });
        continue;
      }
      if (prosecutorOk && kase.procuratorateId !== prosecutor.organizationId) {
        errors.push({
          field: `${field}.caseId`,
          message: "is prosecuted by another procuratorate than the sitting's prosecutor's",
        });
        continue;
      }
      const parties = defaultParties(kase, {
        prosecutorId: dto.prosecutorId,
        defendantIds: c.defendantIds,
        defenseLawyerIds: c.defenseLawyerIds,
      });
      const defendants = new Map(kase.defendants.map((d) => [d.defendantId, d]));
      if (parties.defendantIds.length === 0)
        errors.push({
          field: `${field}.defendantIds`,
          message: 'the hearing needs at least one defendant of the case',
        });
      parties.defendantIds.forEach((id, j) => {
        if (!defendants.has(id))
          errors.push({ field: `${field}.defendantIds[${j}]`, message: 'is not a defendant of this case' });
      });
      const detainedCenters = [
        ...new Set(
          parties.defendantIds
            .map((id) => defendants.get(id))
            .filter((d) => d !== undefined && d.custodyStatus === 'detained')
            .map((d) => d!.detentionCenterId),
        ),
      ];
      if (detainedCenters.length > 1) {
        errors.push({
          field: `${field}.defendantIds`,
          message:
            'these defendants are held in different detention centers: list the case once per center in separate sittings',
        });
      }
      cases.push({ index, kase, parties, centerId: detainedCenters[0] ?? null });
    }
    const lawyerIds = [...new Set(cases.flatMap((c) => c.parties.defenseLawyerIds))];
    const lawyers = new Map((await this.hearings.findUsers(lawyerIds)).map((u) => [u.id, u]));
    for (const c of cases) {
      c.parties.defenseLawyerIds.forEach((id, j) => {
        if (!isActiveLawyer(lawyers.get(id)))
          errors.push({ field: `cases[${c.index}].defenseLawyerIds[${j}]`, message: 'is not an active lawyer' });
      });
    }
    if (errors.length > 0) throw new ValidationFailedError(errors);
    return {
      dto,
      kind: dto.kind ?? 'speedy_trial',
      timeZone,
      window: Interval.fromDateTimes(from, to),
      gapMinutes: dto.gapMinutes ?? 0,
      cases,
    };
  }

  /** Reads what the planner needs, for the sitting's window only (widened by the escort buffers for the rooms). */
  private async plannerInput(p: PreparedSitting) {
    const from = p.window.start!;
    const to = p.window.end!;
    const centerIds = [...new Set(p.cases.map((c) => c.centerId).filter((id): id is string => id !== null))];
    const centerFacts = await this.hearings.findOrganizations(centerIds);
    const rooms = new Map(
      await Promise.all(centerIds.map(async (id) => [id, await this.hearings.findVideoRoomsOf(id)] as const)),
    );
    const maxBuffer = Math.max(0, ...centerFacts.map((c) => c.escortBufferMinutes));
    const wideFrom = from.minus({ minutes: maxBuffer });
    const wideTo = to.plus({ minutes: maxBuffer });
    const procuratorateId = p.cases[0]?.kase.procuratorateId;
    const partyIds = p.cases.flatMap((c) => [...c.parties.defendantIds, ...c.parties.defenseLawyerIds]);
    const roomIds = [...rooms.values()].flatMap((list) => list.map((r) => r.id));
    const { courtId, courtroomId, judgeId, prosecutorId } = p.dto;

    const [sharedBusy, partyBusy, roomBusy, open] = await Promise.all([
      this.hearings.findBusy([courtroomId, judgeId, prosecutorId], from, to),
      this.hearings.findBusy(partyIds, from, to),
      this.hearings.findBusy(roomIds, wideFrom, wideTo),
      this.calendars.openIntervals(
        [courtId, ...(procuratorateId ? [procuratorateId] : []), ...centerIds],
        wideFrom,
        wideTo,
      ),
    ]);
    const busyOf = (list: BusyReservation[], id: string) => list.filter((b) => b.resourceId === id).map(toInterval);

    const centers: PlannerCenter[] = centerIds.map((id) => ({
      id,
      bufferMinutes: centerFacts.find((c) => c.id === id)?.escortBufferMinutes ?? 0,
      open: open.get(id) ?? [],
      rooms: (rooms.get(id) ?? []).map((r) => ({ id: r.id, busy: busyOf(roomBusy, r.id) })),
    }));
    const cases: PlannerCase[] = p.cases.map((c) => ({
      caseId: c.kase.caseId,
      durationMinutes: p.dto.cases[c.index].durationMinutes,
      centerId: c.centerId,
      parties: [
        ...c.parties.defendantIds.map((id) => ({
          resourceType: 'defendant',
          resourceId: id,
          busy: busyOf(partyBusy, id),
        })),
        ...c.parties.defenseLawyerIds.map((id) => ({
          resourceType: 'defense_lawyer',
          resourceId: id,
          busy: busyOf(partyBusy, id),
        })),
      ],
    }));
    return {
      window: p.window,
      gapMinutes: p.gapMinutes,
      shared: [
        { resourceType: 'judge', resourceId: judgeId, busy: busyOf(sharedBusy, judgeId) },
        { resourceType: 'courtroom', resourceId: courtroomId, busy: busyOf(sharedBusy, courtroomId) },
        { resourceType: 'prosecutor', resourceId: prosecutorId, busy: busyOf(sharedBusy, prosecutorId) },
      ],
      sharedHours: [
        { open: open.get(courtId) ?? [] },
        ...(procuratorateId ? [{ open: open.get(procuratorateId) ?? [] }] : []),
      ],
      centers,
      cases,
    };
  }

  /** Books the plan in one transaction: the sitting, each hearing through the booking rules, the audit rows. */
  private async book(ctx: RequestContext, p: PreparedSitting, plan: SittingPlan): Promise<SittingResponse> {
    if (plan.hearings.length === 0) throw new SittingHasNoHearingError(plan.unscheduled);
    const byCaseId = new Map(p.cases.map((c) => [c.kase.caseId, c]));
    return this.tx.run(async (manager) => {
      const sitting = await this.sittings.insert(manager, {
        courtId: p.dto.courtId,
        courtroomId: p.dto.courtroomId,
        judgeId: p.dto.judgeId,
        prosecutorId: p.dto.prosecutorId,
        windowStartsAt: p.window.start!.toJSDate(),
        windowEndsAt: p.window.end!.toJSDate(),
        startsAt: plan.startsAt?.toJSDate() ?? null,
        endsAt: plan.endsAt?.toJSDate() ?? null,
        gapMinutes: p.gapMinutes,
        lowerBoundMinutes: plan.lowerBoundMinutes,
        hearingKind: p.kind,
        unscheduled: plan.unscheduled.map((u) => ({ caseId: u.caseId, code: u.code, reason: u.reason })),
        createdBy: ctx.actor.id,
      });
      const hearingIds: string[] = [];
      for (const planned of plan.hearings) {
        const c = byCaseId.get(planned.caseId)!;
        try {
          const hearing = await this.booking.bookForCase(manager, ctx, c.kase, {
            caseId: c.kase.caseId,
            kind: p.kind,
            startsAt: planned.startsAt,
            durationMinutes: p.dto.cases[c.index].durationMinutes,
            courtroomId: p.dto.courtroomId,
            judgeId: p.dto.judgeId,
            prosecutorId: p.dto.prosecutorId,
            defendantIds: c.parties.defendantIds,
            defenseLawyerIds: c.parties.defenseLawyerIds,
            videoRoomId: planned.videoRoomId,
            sittingId: sitting.id,
          });
          hearingIds.push(hearing.id);
        } catch (err) {
          if (err instanceof HearingClashError && err.conflicts.length > 0)
            throw new SittingClashError(c.kase.caseId, err.conflicts);
          // The booking names its own fields; say which case of the request they belong to.
          if (err instanceof ValidationFailedError) {
            const errors = (err.extra.errors as FieldError[]).map((e) => ({
              field: `cases[${c.index}].${e.field}`,
              message: e.message,
            }));
            throw new ValidationFailedError(errors);
          }
          throw err;
        }
      }
      await this.audit.record(manager, ctx, {
        action: 'create',
        entityType: 'sitting',
        entityId: sitting.id,
        after: sittingAuditSnapshot(sitting, hearingIds),
      });
      return this.respond(sitting, manager);
    });
  }

  private async respond(sitting: Sitting, manager?: EntityManager): Promise<SittingResponse> {
    const [court] = await this.hearings.findOrganizations([sitting.courtId], manager);
    const hearings = await this.hearings.findBySitting(sitting.id, manager);
    return toSittingResponse(sitting, court.timeZone, hearings.map(toHearingResponse));
  }
}

/** Admins, and clerks of the sitting's court, book and cancel sittings. */
function assertMayManage(actor: Actor, courtId: string): void {
  if (actor.role === 'admin') return;
  if (actor.role === 'clerk' && actor.organizationId === courtId) return;
  throw new ForbiddenError('Only a clerk of the court or an admin may book or cancel its sittings');
}

function isActiveLawyer(u: UserFacts | undefined): boolean {
  return !!u && u.role === 'lawyer' && u.active;
}

function toInterval(b: BusyReservation): Interval {
  return Interval.fromDateTimes(
    DateTime.fromJSDate(b.startsAt, { zone: 'utc' }),
    DateTime.fromJSDate(b.endsAt, { zone: 'utc' }),
  );
}

function toPlanResponse(p: PreparedSitting, plan: SittingPlan): SittingPlanResponse {
  const zone = p.timeZone;
  const byCaseId = new Map(p.cases.map((c) => [c.kase.caseId, c]));
  return {
    dryRun: true,
    courtId: p.dto.courtId,
    courtroomId: p.dto.courtroomId,
    judgeId: p.dto.judgeId,
    prosecutorId: p.dto.prosecutorId,
    kind: p.kind,
    timeZone: zone,
    windowStartsAt: toUtcIso(p.window.start!),
    windowEndsAt: toUtcIso(p.window.end!),
    startsAt: plan.startsAt ? toUtcIso(plan.startsAt) : null,
    endsAt: plan.endsAt ? toUtcIso(plan.endsAt) : null,
    localStartsAt: plan.startsAt ? toLocalIso(plan.startsAt, zone) : null,
    localEndsAt: plan.endsAt ? toLocalIso(plan.endsAt, zone) : null,
    gapMinutes: p.gapMinutes,
    spanMinutes: plan.spanMinutes,
    lowerBoundMinutes: plan.lowerBoundMinutes,
    unscheduled: plan.unscheduled.map((u) => ({ caseId: u.caseId, code: u.code, reason: u.reason })),
    hearings: plan.hearings.map((h) => {
      const c = byCaseId.get(h.caseId)!;
      return {
        caseId: h.caseId,
        kind: p.kind,
        startsAt: toUtcIso(h.startsAt),
        endsAt: toUtcIso(h.endsAt),
        localStartsAt: toLocalIso(h.startsAt, zone),
        localEndsAt: toLocalIso(h.endsAt, zone),
        courtroomId: p.dto.courtroomId,
        judgeId: p.dto.judgeId,
        prosecutorId: p.dto.prosecutorId,
        videoRoomId: h.videoRoomId,
        defendantIds: c.parties.defendantIds,
        defenseLawyerIds: c.parties.defenseLawyerIds,
      };
    }),
  };
}
