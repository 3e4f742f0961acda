import { Injectable } from '@nestjs/common';
import { Interval } from 'luxon';
import { FieldError, ForbiddenError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error';
import type { Actor, RequestContext } from '../../common/http/request-context';
import { toInterval } from '../../common/time/interval';
import { parseInstant, toLocalIso, toUtcIso } from '../../common/time/local-time';
import { retrying } from '../../platform/database/retry';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { CalendarsService } from '../calendars/calendars.service';
import { toHearingResponse } from '../hearings/dto/hearing.dto';
import { redactFreeText } from '../../kernel/access/free-text-readers';
import type { HearingKind } from '../hearings/hearing.entity';
import type { BusyReservation } from '../../kernel/scheduling/reservations';
import { ReservationsRepository } from '../../kernel/scheduling/reservations.repository';
import type { Transaction } from '../../platform/database/transaction';
import { BookingFactsRepository, OrganizationFacts, RoomFacts } from '../hearings/booking-facts.repository';
import type { PartySelection } from '../hearings/booking-input';
import { HearingBookingService } from '../hearings/hearing-booking.service';
import { CaseParties, defaultParties } from '../hearings/hearing-parties';
import { HearingClashError, isLostRace, StartsInPastError } from '../hearings/hearings.errors';
import { HearingsRepository } from '../hearings/hearings.repository';
import {
  CancelSittingDto,
  COURT_SITTING_FIELDS,
  CreateSittingDto,
  PLEA_SIGNING_FIELDS,
  SittingPlanResponse,
  SittingResponse,
  sittingAuditSnapshot,
  toSittingResponse,
} from './dto/sitting.dto';
import { planSitting, PlannerCase, PlannerCenter, SittingPlan } from './sitting-planner';
import { SittingCancelledError, SittingClashError, SittingHasNoHearingError } from './sittings.errors';
import { SittingRecord, SittingsRepository } from './sittings.repository';

/** A sitting is one session: its window is at most this long, which also bounds what planning reads. */
export const MAX_SITTING_WINDOW_HOURS = 24;
/** A deadlock between racing bookings leaves nothing to report: plan and book again, a few times. */
const RACE_RETRIES = 3;
/** The booking's fields that the sitting names once for all its hearings; its other fields are per case. */
const SITTING_FIELDS: ReadonlySet<string> = new Set(['courtroomId', 'judgeId', 'prosecutorId']);

/** A detention center the defendants join from, with its video rooms in the order a booking tries them. */
interface PreparedCenter {
  id: string;
  bufferMinutes: number;
  rooms: RoomFacts[];
}

interface PreparedCase {
  index: number;
  kase: CaseParties;
  parties: { defendantIds: string[]; defenseLawyerIds: string[] };
  /** Null when no defendant joins from detention. */
  center: PreparedCenter | null;
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
    private readonly facts: BookingFactsRepository,
    private readonly reservations: ReservationsRepository,
    private readonly booking: HearingBookingService,
    private readonly calendars: CalendarsService,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  /** POST /sittings. With dryRun the plan is answered and nothing is written. */
  async create(ctx: RequestContext, dto: CreateSittingDto): Promise<SittingResponse | SittingPlanResponse> {
    assertFieldsOfKind(dto);
    assertMayManage(ctx.actor, { courtId: dto.courtId ?? null, procuratorateId: dto.procuratorateId ?? null });
    return retrying(
      async () => {
        const prepared = await this.prepare(ctx.actor, dto);
        const plan = planSitting(await this.plannerInput(prepared));
        if (dto.dryRun) return toPlanResponse(prepared, plan);
        return this.book(ctx, prepared, plan);
      },
      isLostRace,
      RACE_RETRIES,
    );
  }

  async get(ctx: RequestContext, id: string): Promise<SittingResponse> {
    if (!(await this.sittings.isVisible(ctx.actor, id))) throw new NotFoundError('Sitting', id);
    const sitting = (await this.sittings.findById(id))!;
    return this.respond(ctx.actor, sitting);
  }

  /** POST /sittings/:id/cancel: the sitting and every hearing it still holds, in one transaction, each audited. */
  async cancel(ctx: RequestContext, id: string, dto: CancelSittingDto): Promise<SittingResponse> {
    const reason = dto.reason.trim();
    return this.tx.run(async (tx) => {
      if (!(await this.sittings.isVisible(ctx.actor, id, tx))) throw new NotFoundError('Sitting', id);
      const before = (await this.sittings.findById(id, tx, { lock: true }))!;
      assertMayManage(ctx.actor, before);
      if (before.status === 'cancelled') throw new SittingCancelledError(id);
      const hearingIds = await this.sittings.findHearingIds(id, tx);
      for (const hearingId of hearingIds) {
        const hearing = (await this.hearings.findById(hearingId, tx, { lock: true }))!;
        // Cancelled already, or held (an outcome is recorded): kept as it is.
        if (hearing.status !== 'scheduled') continue;
        await this.booking.cancelInTransaction(tx, ctx, hearing, reason);
      }
      const after = await this.sittings.markCancelled(tx, id, reason);
      await this.audit.record(tx, ctx, {
        action: 'cancel',
        entityType: 'sitting',
        entityId: id,
        before: sittingAuditSnapshot(before, hearingIds),
        after: sittingAuditSnapshot(after, hearingIds),
      });
      return this.respond(ctx.actor, after, tx);
    });
  }

  // ---- planning ------------------------------------------------------------------------------------------

  /**
   * Checks the request against the directory and the cases; every field error is collected before answering.
   * The sitting's own rules are checked here; each case's parties (with the sitting's judge, courtroom and
   * prosecutor) by the booking's rules, as POST /hearings would check them.
   */
  private async prepare(actor: Actor, dto: CreateSittingDto): Promise<PreparedSitting> {
    const kind = dto.kind ?? 'speedy_trial';
    const plea = kind === 'plea_signing';
    // A court sitting is the court's, in its zone; a plea signing the procuratorate's (assertFieldsOfKind).
    const [owner] = await this.facts.findOrganizations([plea ? dto.procuratorateId! : dto.courtId!]);
    if (plea && owner?.kind !== 'procuratorate')
      throw ValidationFailedError.field('procuratorateId', 'is not a procuratorate');
    if (!plea && owner?.kind !== 'court') throw ValidationFailedError.field('courtId', 'is not a court');
    const timeZone = owner.timeZone;
    const from = parseInstant(dto.startsAt, timeZone, 'startsAt');
    const to = parseInstant(dto.endsAt, timeZone, 'endsAt');
    // A sitting plans hearings ahead: a past hearing is recorded on its own (POST /hearings with backfill).
    if (from.toMillis() < Date.now()) throw new StartsInPastError('startsAt', toUtcIso(from));
    const errors: FieldError[] = [];
    if (to <= from) errors.push({ field: 'endsAt', message: 'must be after startsAt' });
    else if (to.diff(from, 'hours').hours > MAX_SITTING_WINDOW_HOURS) {
      errors.push({
        field: 'endsAt',
        message: `a sitting's window may last at most ${MAX_SITTING_WINDOW_HOURS} hours`,
      });
    }
    // Read only to tell whose cases the sitting may hear; whether the prosecutor may attend is checked with the cases.
    const users = await this.facts.findUsers([dto.prosecutorId, ...(dto.dutyLawyerId ? [dto.dutyLawyerId] : [])]);
    const prosecutor = users.find((u) => u.id === dto.prosecutorId);
    const procuratorateId = plea
      ? owner.id
      : prosecutor?.role === 'prosecutor' && prosecutor.active
        ? prosecutor.organizationId
        : null;
    // The duty lawyer (值班律师) attends every case of a plea signing that has no lawyer of its own.
    const duty = users.find((u) => u.id === dto.dutyLawyerId);
    const dutyLawyerOk = !!duty && duty.role === 'lawyer' && duty.active;
    if (dto.dutyLawyerId && !dutyLawyerOk) errors.push({ field: 'dutyLawyerId', message: 'is not an active lawyer' });
    const withoutLawyer: number[] = [];

    // The judge, courtroom and prosecutor are checked with every case: name each fault once.
    const sittingErrors = new Map<string, FieldError>();
    const caseErrors: FieldError[] = [];
    const cases: PreparedCase[] = [];
    const seen = new Map<string, number>();
    for (const [index, c] of dto.cases.entries()) {
      const field = `cases[${index}].caseId`;
      const listedAs = seen.get(c.caseId);
      if (listedAs !== undefined) {
        caseErrors.push({ field, message: `is already listed as cases[${listedAs}]` });
        continue;
      }
      seen.set(c.caseId, index);
      const found = await this.facts.findCaseToBook(actor, c.caseId);
      if (!found) {
        caseErrors.push({ field, message: 'no case with this id is visible to you' });
        continue;
      }
      if (plea && found.kase.procuratorateId !== procuratorateId) {
        caseErrors.push({ field, message: "is a case of another procuratorate than the plea signing's" });
        continue;
      }
      if (!plea && found.kase.courtId !== owner.id) {
        caseErrors.push({ field, message: 'is a case of another court' });
        continue;
      }
      if (!plea && procuratorateId && found.kase.procuratorateId !== procuratorateId) {
        caseErrors.push({ field, message: "is prosecuted by another procuratorate than the sitting's prosecutor's" });
        continue;
      }
      let defenseLawyerIds = c.defenseLawyerIds;
      let needsDuty = false;
      if (plea && defaultParties(found.kase, c).defenseLawyerIds.length === 0) {
        if (dutyLawyerOk) defenseLawyerIds = [dto.dutyLawyerId!];
        else {
          needsDuty = true;
          if (!dto.dutyLawyerId) withoutLawyer.push(index);
        }
      }
      const checked = await this.checkCase(index, found.kase, found.organizations, {
        kind,
        courtroomId: dto.courtroomId,
        judgeId: dto.judgeId,
        prosecutorId: dto.prosecutorId,
        defendantIds: c.defendantIds,
        defenseLawyerIds,
      });
      if (!Array.isArray(checked)) {
        cases.push(checked);
        continue;
      }
      for (const e of checked) {
        // A case with no lawyer of its own is named once, on dutyLawyerId.
        if (needsDuty && e.field === `cases[${index}].defenseLawyerIds`) continue;
        if (SITTING_FIELDS.has(e.field)) sittingErrors.set(`${e.field} ${e.message}`, e);
        else caseErrors.push(e);
      }
    }
    if (withoutLawyer.length > 0) {
      errors.push({
        field: 'dutyLawyerId',
        message: `is required: ${withoutLawyer.map((i) => `cases[${i}]`).join(', ')} ${
          withoutLawyer.length === 1 ? 'has' : 'have'
        } no defense lawyer of its own, and a plea affidavit is signed with a lawyer present`,
      });
    }
    errors.push(...sittingErrors.values(), ...caseErrors);
    if (errors.length > 0) throw new ValidationFailedError(errors);
    return {
      dto,
      kind,
      timeZone,
      window: Interval.fromDateTimes(from, to),
      gapMinutes: dto.gapMinutes ?? 0,
      cases,
    };
  }

  /**
   * One case's parties after the booking's defaults, checked by the booking's own rules: the prepared case, or
   * its faults named as the sitting request names them.
   */
  private async checkCase(
    index: number,
    kase: CaseParties,
    organizations: OrganizationFacts[],
    selection: PartySelection,
  ): Promise<PreparedCase | FieldError[]> {
    try {
      const { defendantIds, defenseLawyerIds, videoRoom } = await this.booking.checkedParties(
        undefined,
        kase,
        selection,
        [],
        organizations,
      );
      return {
        index,
        kase,
        parties: { defendantIds, defenseLawyerIds },
        center: videoRoom && {
          id: videoRoom.organizationId,
          bufferMinutes: videoRoom.bufferMinutes,
          rooms: videoRoom.candidates,
        },
      };
    } catch (err) {
      if (!(err instanceof ValidationFailedError)) throw err;
      // A sitting names no video room, so the only videoRoomId fault is a center without one: not a bad
      // request but a case the planner lists as NO_VIDEO_ROOM. checkParties reports it alone.
      const faults = sittingFieldErrors(index, err).filter((e) => e.field !== `cases[${index}].videoRoomId`);
      if (faults.length > 0) return faults;
      const parties = defaultParties(kase, selection);
      const centerId = kase.defendants.find(
        (d) => d.custodyStatus === 'detained' && parties.defendantIds.includes(d.defendantId),
      )!.detentionCenterId;
      const bufferMinutes = organizations.find((o) => o.id === centerId)?.escortBufferMinutes ?? 0;
      return { index, kase, parties, center: { id: centerId, bufferMinutes, rooms: [] } };
    }
  }

  /** Reads what the planner needs, for the sitting's window only (widened by the escort buffers for the rooms). */
  private async plannerInput(p: PreparedSitting) {
    const from = p.window.start!;
    const to = p.window.end!;
    const byId = new Map<string, PreparedCenter>();
    for (const c of p.cases) if (c.center) byId.set(c.center.id, c.center);
    const centerList = [...byId.values()];
    const centerIds = [...byId.keys()];
    const maxBuffer = Math.max(0, ...centerList.map((c) => c.bufferMinutes));
    const wideFrom = from.minus({ minutes: maxBuffer });
    const wideTo = to.plus({ minutes: maxBuffer });
    const procuratorateId = p.cases[0]?.kase.procuratorateId;
    const partyIds = p.cases.flatMap((c) => [...c.parties.defendantIds, ...c.parties.defenseLawyerIds]);
    const roomIds = centerList.flatMap((c) => c.rooms.map((r) => r.id));
    const { courtroomId, judgeId, prosecutorId } = p.dto;
    // A court sitting's bench is its judge, courtroom and prosecutor, in the court's and the procuratorate's hours; a
    // plea signing's is its prosecutor alone, in the procuratorate's hours (the court is not there). The duty
    // lawyer is a party of the cases they attend only.
    const bench =
      p.kind === 'plea_signing'
        ? [{ resourceType: 'prosecutor', resourceId: prosecutorId }]
        : [
            { resourceType: 'judge', resourceId: judgeId! },
            { resourceType: 'courtroom', resourceId: courtroomId! },
            { resourceType: 'prosecutor', resourceId: prosecutorId },
          ];
    const hoursOf =
      p.kind === 'plea_signing'
        ? [p.dto.procuratorateId!]
        : [p.dto.courtId!, ...(procuratorateId ? [procuratorateId] : [])];

    const [sharedBusy, partyBusy, roomBusy, open] = await Promise.all([
      this.reservations.findBusy(
        bench.map((b) => b.resourceId),
        from,
        to,
      ),
      this.reservations.findBusy(partyIds, from, to),
      this.reservations.findBusy(roomIds, wideFrom, wideTo),
      this.calendars.openIntervals([...hoursOf, ...centerIds], wideFrom, wideTo),
    ]);
    const busyOf = (list: BusyReservation[], id: string) => list.filter((b) => b.resourceId === id).map(toInterval);

    const centers: PlannerCenter[] = centerList.map((c) => ({
      id: c.id,
      bufferMinutes: c.bufferMinutes,
      open: open.get(c.id) ?? [],
      rooms: c.rooms.map((r) => ({ id: r.id, busy: busyOf(roomBusy, r.id) })),
    }));
    const cases: PlannerCase[] = p.cases.map((c) => ({
      caseId: c.kase.caseId,
      durationMinutes: p.dto.cases[c.index].durationMinutes,
      centerId: c.center?.id ?? null,
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
      shared: bench.map((b) => ({ ...b, busy: busyOf(sharedBusy, b.resourceId) })),
      sharedHours: hoursOf.map((id) => ({ open: open.get(id) ?? [] })),
      centers,
      cases,
    };
  }

  /** Books the plan in one transaction: the sitting, each hearing through the booking rules, the audit rows. */
  private async book(ctx: RequestContext, p: PreparedSitting, plan: SittingPlan): Promise<SittingResponse> {
    if (plan.hearings.length === 0) throw new SittingHasNoHearingError(plan.unscheduled);
    const byCaseId = new Map(p.cases.map((c) => [c.kase.caseId, c]));
    return this.tx.run(async (tx) => {
      const plea = p.kind === 'plea_signing';
      const sitting = await this.sittings.insert(tx, {
        courtId: p.dto.courtId ?? null,
        courtroomId: p.dto.courtroomId ?? null,
        judgeId: p.dto.judgeId ?? null,
        prosecutorId: p.dto.prosecutorId,
        procuratorateId: plea ? p.dto.procuratorateId! : null,
        dutyLawyerId: plea ? (p.dto.dutyLawyerId ?? null) : null,
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
          const hearing = await this.booking.bookForCase(tx, ctx, c.kase, {
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
          // The booking names its own fields; say which of the sitting's fields they are.
          if (err instanceof ValidationFailedError) throw new ValidationFailedError(sittingFieldErrors(c.index, err));
          throw err;
        }
      }
      await this.audit.record(tx, ctx, {
        action: 'create',
        entityType: 'sitting',
        entityId: sitting.id,
        after: sittingAuditSnapshot(sitting, hearingIds),
      });
      return this.respond(ctx.actor, sitting, tx);
    });
  }

  /** The sitting as this reader may see it: each hearing's free text, and the sitting's, only for its writers. */
  private async respond(actor: Actor, sitting: SittingRecord, tx?: Transaction): Promise<SittingResponse> {
    // A court sitting is in its court's zone, a plea signing in its procuratorate's.
    const [owner] = await this.facts.findOrganizations([(sitting.courtId ?? sitting.procuratorateId)!], tx);
    const hearings = await this.hearings.findBySitting(sitting.id, tx);
    const view = toSittingResponse(
      sitting,
      owner.timeZone,
      hearings.map((h) => redactFreeText(actor, h, toHearingResponse(h))),
    );
    // Every case of a sitting is prosecuted by one procuratorate, its prosecutor's (checked when it was booked).
    return redactFreeText(
      actor,
      {
        courtId: sitting.courtId,
        procuratorateId: sitting.procuratorateId ?? hearings[0]?.procuratorateId ?? null,
      },
      view,
    );
  }
}

/**
 * Admins, and clerks of the sitting's court, book and cancel court sittings; admins and prosecutors of the
 * procuratorate book and cancel plea signings (the sitting with a procuratorate).
 */
function assertMayManage(actor: Actor, owner: { courtId: string | null; procuratorateId: string | null }): void {
  if (actor.role === 'admin') return;
  if (owner.procuratorateId !== null) {
    if (actor.role === 'prosecutor' && actor.organizationId === owner.procuratorateId) return;
    throw new ForbiddenError('Only a prosecutor of the procuratorate or an admin may book or cancel its plea signings');
  }
  if (actor.role === 'clerk' && actor.organizationId === owner.courtId) return;
  throw new ForbiddenError('Only a clerk of the court or an admin may book or cancel its sittings');
}

/**
 * A court sitting names its court, courtroom and judge; a plea signing names none of them, and its procuratorate
 * (and its duty lawyer) instead. Every field that does not fit the kind is named at once.
 */
function assertFieldsOfKind(dto: CreateSittingDto): void {
  const kind = dto.kind ?? 'speedy_trial';
  const errors: FieldError[] = [];
  if (kind === 'plea_signing') {
    for (const field of COURT_SITTING_FIELDS) {
      if (dto[field] !== undefined)
        errors.push({ field, message: 'a plea signing is held without court, courtroom or judge: leave it out' });
    }
    if (dto.procuratorateId === undefined)
      errors.push({ field: 'procuratorateId', message: 'is required for a plea signing' });
  } else {
    for (const field of COURT_SITTING_FIELDS) {
      if (dto[field] === undefined)
        errors.push({ field, message: `is required for a ${kind.replace('_', ' ')} sitting` });
    }
    for (const field of PLEA_SIGNING_FIELDS) {
      if (dto[field] !== undefined) errors.push({ field, message: 'only a plea signing names it' });
    }
  }
  if (errors.length > 0) throw new ValidationFailedError(errors);
}

/** A booking's field errors for the hearing of `cases[index]`, named as the sitting's request names them. */
function sittingFieldErrors(index: number, err: ValidationFailedError): FieldError[] {
  return (err.extra.errors as FieldError[]).map((e) =>
    SITTING_FIELDS.has(e.field) ? e : { field: `cases[${index}].${e.field}`, message: e.message },
  );
}

function toPlanResponse(p: PreparedSitting, plan: SittingPlan): SittingPlanResponse {
  const zone = p.timeZone;
  const byCaseId = new Map(p.cases.map((c) => [c.kase.caseId, c]));
  return {
    dryRun: true,
    courtId: p.dto.courtId ?? null,
    courtroomId: p.dto.courtroomId ?? null,
    judgeId: p.dto.judgeId ?? null,
    prosecutorId: p.dto.prosecutorId,
    procuratorateId: p.kind === 'plea_signing' ? p.dto.procuratorateId! : null,
    dutyLawyerId: p.kind === 'plea_signing' ? (p.dto.dutyLawyerId ?? null) : null,
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
        courtroomId: p.dto.courtroomId ?? null,
        judgeId: p.dto.judgeId ?? null,
        prosecutorId: p.dto.prosecutorId,
        videoRoomId: h.videoRoomId,
        defendantIds: c.parties.defendantIds,
        defenseLawyerIds: c.parties.defenseLawyerIds,
      };
    }),
  };
}
