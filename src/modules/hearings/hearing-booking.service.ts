import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { sameSet, unique } from '../../common/collections';
import { FieldError } from '../../common/errors/domain-error';
import type { RequestContext } from '../../common/http/request-context';
import { ReservationsRepository } from '../../kernel/scheduling/reservations.repository';
import { byResourceId, type ResourceClaim } from '../../kernel/scheduling/reservations';
import type { Transaction } from '../../platform/database/transaction';
import {
  CalendarsService,
  hoursDateWindow,
  type HoursRequirement,
  type PreReadHours,
} from '../calendars/calendars.service';
import {
  BookingFactsRepository,
  DefendantCustody,
  PartyFactsQuery,
  OrganizationFacts,
  RoomFacts,
} from './booking-facts.repository';
import { BookingInput, durationFault, PartySelection } from './booking-input';
import type { HearingKind, HearingStatus } from './hearing.entity';
import { HearingChanges } from './hearing-changes';
import { CaseParties, defaultParties, reservationsFor, videoRoomRange, videoRoomRangeMs } from './hearing-parties';
import { HearingClashError } from './hearings.errors';
import { HearingBookingRow, HearingRecord, HearingsRepository } from './hearings.repository';
import { checkParties, partyFactsQuery } from './party-check';

export interface BookingOptions {
  /** Check every organization's opening hours (default true). */
  checkHours?: boolean;
  /** Why the hours check was skipped (stored on the hearing and audited). */
  hoursOverrideReason?: string | null;
  /** Why a hearing starting in the past is recorded (a back-fill): audited with the change. */
  backfillReason?: string | null;
  /** Organizations of the case already read in the caller's transaction (findCaseToBook): not read again. */
  organizations?: readonly OrganizationFacts[];
  /**
   * The caller's transaction holds this one booking and is given up on any error (POST /hearings): the
   * reservations are then taken without a savepoint, and a deadlock is reported as a HearingClashError with no
   * conflicts straight away (the caller runs the transaction again).
   */
  ownTransaction?: boolean;
  /** The attending defendants' custody, already read under their lock in this transaction (lockCaseToBook). */
  custody?: readonly DefendantCustody[];
}

/** The parties after defaults, each checked against the case. */
export interface CheckedParties {
  courtroomId: string | null;
  judgeId: string | null;
  prosecutorId: string;
  defendantIds: string[];
  defenseLawyerIds: string[];
  /** The zone of the hearing's local times: the court's, the procuratorate's for a plea signing. */
  timeZone: string;
  /**
   * The detention center's video room: the one given, or (none given) the center's rooms in the order a booking
   * tries them, by name; with the center's escort buffer. Null when no defendant attends from detention.
   */
  videoRoom: { organizationId: string; bufferMinutes: number; given: RoomFacts | null; candidates: RoomFacts[] } | null;
  /** The court, the procuratorate and the detention center (if any): every organization whose hours count. */
  organizations: OrganizationFacts[];
}

/** A booking after defaults and validation: what to write and what to hold. */
interface ResolvedBooking {
  row: HearingBookingRow;
  defendantIds: string[];
  defenseLawyerIds: string[];
  claims: ResourceClaim[];
  hoursRequirements: HoursRequirement[];
  /** The hours of the organizations involved, read with the parties (for the hours check). */
  hours?: PreReadHours;
  organizations: OrganizationFacts[];
  /** Set when the video room was chosen here, so another one may be tried if it is taken meanwhile. */
  videoRoomChoice: { candidates: RoomFacts[]; bufferMinutes: number } | null;
}

const DAY_MS = 86_400_000;

/** How often a chosen video room that a racing booking took is replaced by the next free one. */
const VIDEO_ROOM_RETRIES = 3;

/**
 * Books, re-books and cancels hearings inside a caller's transaction: resolves default parties, validates every
 * party, checks opening hours, writes the hearing, its parties and its reservations, and records the change
 * (HearingChanges: the audit row, later the outbox event). Access checks are
 * the caller's (HearingsService for the API, SittingsService for concentrated sittings).
 */
@Injectable()
export class HearingBookingService {
  constructor(
    private readonly hearings: HearingsRepository,
    private readonly facts: BookingFactsRepository,
    private readonly reservations: ReservationsRepository,
    private readonly calendars: CalendarsService,
    private readonly changes: HearingChanges,
  ) {}

  /**
   * Books one hearing of a case the caller has already loaded (and checked access to), in or before this
   * transaction, and returns it: the attending defendants' custody is read again here, under a lock
   * (withCurrentCustody). Throws ValidationFailedError (400, naming the field), OutsideHoursError (422, unless
   * `checkHours: false`) or HearingClashError (409, every clash listed; the caller's transaction stays usable
   * because the reservations are taken under a savepoint, unless `ownTransaction`). A HearingClashError with no
   * conflicts means a racing booking deadlocked with this one: retry the transaction.
   */
  async bookForCase(
    tx: Transaction,
    ctx: RequestContext,
    kase: CaseParties,
    input: BookingInput,
    options: BookingOptions = {},
  ): Promise<HearingRecord> {
    const booking = await this.resolve(tx, await this.withCurrentCustody(tx, kase, input, options.custody), input, {
      overrideReason: options.hoursOverrideReason ?? null,
      organizations: options.organizations,
    });
    if (options.checkHours ?? true)
      await this.calendars.assertWithinHours(booking.hoursRequirements, tx, booking.organizations, booking.hours);
    const parties = { defendantIds: booking.defendantIds, lawyerIds: booking.defenseLawyerIds };
    let hearing: HearingRecord;
    if (options.ownTransaction) {
      // The hearing and its reservations in one statement; a clash is then handled as tryReserve's.
      const written = await this.hearings.insertHearingReserving(
        tx,
        booking.row,
        parties,
        ctx.actor.id,
        booking.claims,
      );
      if (written === 'aborted') throw new HearingClashError([]);
      hearing = written.hearing;
      await this.reserve(tx, hearing.id, booking, { savepoint: false, firstOutcome: written.outcome });
    } else {
      hearing = await this.hearings.insertHearing(tx, booking.row, parties, ctx.actor.id);
      await this.reserve(tx, hearing.id, booking, { savepoint: true });
    }
    // The row as written, but for the video room, which reserve() may have changed (nothing else changes it).
    hearing.videoRoomId = booking.row.videoRoomId;
    await this.changes.booked(tx, ctx, hearing, options.backfillReason);
    return hearing;
  }

  /**
   * Moves or changes a hearing in the caller's transaction: frees its reservations, rewrites it and takes them
   * again, so it never clashes with itself. `input` is the complete new booking (the caller merges the change
   * into the current one). Same errors as bookForCase. Every party is checked again against the current
   * custody, so a flag a custody change raised is cleared. When the result is the booking the hearing already
   * has (the video room chosen again is the same one) and nothing is flagged, only the notes are written, if
   * they changed (annotateInTransaction).
   *
   * The caller locks the case's defendants (lockCaseDefendantsOfHearing), then the hearing, reads `kase` after
   * both, and checks the version.
   */
  async rebookInTransaction(
    tx: Transaction,
    ctx: RequestContext,
    kase: CaseParties,
    before: HearingRecord,
    input: BookingInput,
    options: BookingOptions = {},
  ): Promise<HearingRecord> {
    const booking = await this.resolve(
      tx,
      kase,
      { ...input, sittingId: before.sittingId },
      {
        overrideReason: options.hoursOverrideReason ?? null,
        excludeHearingId: before.id,
      },
    );
    if (!before.needsAttention && sameBooking(before, booking)) {
      return this.annotateInTransaction(tx, ctx, before, {
        notes: booking.row.notes,
        hoursOverrideReason: before.hoursOverrideReason,
      });
    }
    if (options.checkHours ?? true)
      await this.calendars.assertWithinHours(booking.hoursRequirements, tx, booking.organizations);
    await this.reservations.deleteReservations(tx, before.id);
    await this.hearings.updateBooking(tx, before.id, booking.row);
    await this.hearings.replaceParties(tx, before.id, booking.defendantIds, booking.defenseLawyerIds);
    await this.reserve(tx, before.id, booking, { savepoint: true });
    const after = (await this.hearings.findById(before.id, tx))!;
    await this.changes.changed(tx, ctx, before, after, options.backfillReason);
    return after;
  }

  /**
   * Changes what a hearing's booking does not depend on, its notes and the reason its hours were overridden, in
   * the caller's transaction: no party is checked again, so a hearing flagged after a custody change can still be
   * annotated (and stays flagged). Nothing different → nothing written, `before` returned. The caller locks the
   * row and checks its version.
   */
  async annotateInTransaction(
    tx: Transaction,
    ctx: RequestContext,
    before: HearingRecord,
    changes: { notes: string | null; hoursOverrideReason: string | null },
  ): Promise<HearingRecord> {
    if (changes.notes === before.notes && changes.hoursOverrideReason === before.hoursOverrideReason) return before;
    await this.hearings.updateAnnotations(tx, before.id, changes);
    const after: HearingRecord = { ...before, ...changes, version: before.version + 1 };
    await this.changes.changed(tx, ctx, before, after);
    return after;
  }

  /**
   * Cancels a hearing in the caller's transaction: the trigger `hearings_release_on_cancel` frees every person
   * and room it held. The caller locks the row and checks access, version and that it is not cancelled already
   * (POST /hearings/:id/cancel, a sitting's cancel).
   */
  async cancelInTransaction(
    tx: Transaction,
    ctx: RequestContext,
    before: HearingRecord,
    reason: string,
  ): Promise<HearingRecord> {
    await this.hearings.cancel(tx, before.id, reason);
    const after = (await this.hearings.findById(before.id, tx))!;
    await this.changes.cancelled(tx, ctx, before, after);
    return after;
  }

  /**
   * Writes the status a hearing's outcome gives it (or, on a correction, gives it again) and records the change
   * (HearingChanges.outcomeRecorded: the audit row with the outcome), in the caller's transaction. Reservations
   * stay: a hearing that took place did take its time. The caller locks the row and checks access.
   */
  async recordOutcomeInTransaction(
    tx: Transaction,
    ctx: RequestContext,
    before: HearingRecord,
    status: HearingStatus,
    outcome: Record<string, unknown>,
    action: 'record_outcome' | 'correct_outcome',
  ): Promise<HearingRecord> {
    const after =
      status !== before.status
        ? await this.hearings.setOutcomeStatus(tx, before.id, status)
        : (await this.hearings.findById(before.id, tx))!;
    await this.changes.outcomeRecorded(tx, ctx, before, after, outcome, action);
    return after;
  }

  /**
   * The case with the custody of the defendants who attend (`input`'s, or by default all of the case's) as it
   * stands now, locked until the transaction ends (lockDefendantsCustody): a custody change that commits before
   * is seen here, one that comes after waits for the booking and then flags it. The case itself may have been
   * read earlier, even outside the transaction (a sitting plans before it books).
   */
  private async withCurrentCustody(
    tx: Transaction,
    kase: CaseParties,
    input: PartySelection,
    locked?: readonly DefendantCustody[],
  ): Promise<CaseParties> {
    const inCase = new Set(kase.defendants.map((d) => d.defendantId));
    const attending = defaultParties(kase, input).defendantIds.filter((id) => inCase.has(id));
    const custody = locked ?? (await this.facts.lockDefendantsCustody(tx, attending));
    const now = new Map(custody.map((c) => [c.defendantId, c]));
    return {
      ...kase,
      defendants: kase.defendants.map((d) => {
        const c = now.get(d.defendantId);
        return c ? { ...d, detentionCenterId: c.detentionCenterId, custodyStatus: c.custodyStatus } : d;
      }),
    };
  }

  /**
   * The zone a hearing's local times are read and shown in: the court's, the procuratorate's for a plea signing.
   * `organizations`: those already read in this transaction.
   */
  async timeZoneFor(
    kase: CaseParties,
    kind: HearingKind,
    tx?: Transaction,
    organizations: readonly OrganizationFacts[] = [],
  ): Promise<string> {
    const orgId = kind === 'plea_signing' ? kase.procuratorateId : kase.courtId;
    const [org] = await this.organizationsOf([orgId], tx, organizations);
    return org.timeZone;
  }

  /** These organizations (in this order), taken from `known` where they are there, the others read. */
  private async organizationsOf(
    ids: string[],
    tx: Transaction | undefined,
    known: readonly OrganizationFacts[],
  ): Promise<OrganizationFacts[]> {
    const byId = new Map(known.map((o) => [o.id, o]));
    const toRead = ids.filter((id) => !byId.has(id));
    for (const o of await this.facts.findOrganizations(toRead, tx)) byId.set(o.id, o);
    return ids.map((id) => byId.get(id)!);
  }

  /**
   * Takes the booking's reservations; when only the video room chosen here was taken meanwhile, takes the next
   * free one instead. Without `savepoint` the caller's transaction must be one that is given up on any error.
   */
  private async reserve(
    tx: Transaction,
    hearingId: string,
    booking: ResolvedBooking,
    { savepoint, firstOutcome }: { savepoint: boolean; firstOutcome?: 'reserved' | 'clash' },
  ): Promise<void> {
    let claims = booking.claims;
    const tried = new Set<string>();
    for (let attempt = 0; ; attempt++) {
      const outcome =
        attempt === 0 && firstOutcome
          ? firstOutcome
          : await this.reservations.tryReserve(tx, hearingId, claims, { savepoint });
      if (outcome === 'reserved') return;
      // The transaction is unusable (a deadlock): the caller runs it again.
      if (outcome === 'aborted') throw new HearingClashError([]);
      const conflicts = await this.reservations.findClashes(claims, tx, { excludeHearingId: hearingId });
      const choice = booking.videoRoomChoice;
      const roomClaim = claims.find((c) => c.resourceType === 'video_room');
      // Only the video room we picked was taken by a racing booking: take the next free one instead.
      if (
        choice &&
        roomClaim &&
        conflicts.length > 0 &&
        conflicts.every((c) => c.resourceId === roomClaim.resourceId) &&
        attempt < VIDEO_ROOM_RETRIES
      ) {
        tried.add(roomClaim.resourceId);
        const next = await this.firstFreeVideoRoom(
          tx,
          choice.candidates.filter((r) => !tried.has(r.id)),
          booking.row,
          choice.bufferMinutes,
          hearingId,
        );
        if (next) {
          // Without a savepoint the reservations that were free are still held: free them before trying again.
          if (!savepoint) await this.reservations.deleteReservations(tx, hearingId);
          // Keep the lock order: sorted by resource id.
          claims = claims.map((c) => (c === roomClaim ? { ...c, resourceId: next.id } : c)).sort(byResourceId);
          booking.row.videoRoomId = next.id;
          await this.hearings.setVideoRoom(tx, hearingId, next.id);
          continue;
        }
      }
      throw new HearingClashError(conflicts);
    }
  }

  private async firstFreeVideoRoom(
    tx: Transaction,
    rooms: RoomFacts[],
    at: { startsAt: Date; endsAt: Date },
    bufferMinutes: number,
    excludeHearingId?: string,
  ): Promise<RoomFacts | null> {
    if (rooms.length === 0) return null;
    const range = videoRoomRange(DateTime.fromJSDate(at.startsAt), DateTime.fromJSDate(at.endsAt), bufferMinutes);
    const busy = await this.reservations.findBusy(
      rooms.map((r) => r.id),
      range.startsAt,
      range.endsAt,
      tx,
      {
        excludeHearingIds: excludeHearingId ? [excludeHearingId] : [],
      },
    );
    const taken = new Set(busy.map((b) => b.resourceId));
    return rooms.find((r) => !taken.has(r.id)) ?? null;
  }

  /**
   * The parties of a hearing of this case, with the case's defaults applied and every party checked against the
   * case (no time needed; the rule is checkParties in party-check.ts, this reads its facts): booking builds on it,
   * and the slot finder and the sittings use it so that they offer exactly what a booking accepts. Throws one
   * ValidationFailedError listing every fault (plus `extraErrors`, e.g. a bad duration), with the field names of
   * the booking request.
   */
  async checkedParties(
    tx: Transaction | undefined,
    kase: CaseParties,
    input: PartySelection,
    extraErrors: FieldError[] = [],
    knownOrganizations: readonly OrganizationFacts[] = [],
    at?: { startsAt: Date; endsAt: Date; excludeHearingId?: string },
  ): Promise<CheckedParties & { busyVideoRoomIds?: ReadonlySet<string>; hours?: PreReadHours }> {
    // One read for every user and room named, and the rooms to choose a video room from when none is named; with
    // a time (a booking), which of those rooms are busy then (when the center's buffer is known already) and the
    // hours of the organizations involved.
    const query: PartyFactsQuery = partyFactsQuery(kase, input);
    if (at) {
      const center = knownOrganizations.find((o) => o.id === query.videoRoomsOf);
      if (center) {
        const range = videoRoomRangeMs(at.startsAt, at.endsAt, center.escortBufferMinutes);
        query.videoRoomWindow = {
          from: range.startsAt,
          to: range.endsAt,
          excludeHearingIds: at.excludeHearingId ? [at.excludeHearingId] : [],
        };
      }
      query.hours = {
        organizationIds: [kase.courtId, kase.procuratorateId, ...(query.videoRoomsOf ? [query.videoRoomsOf] : [])],
        ...hoursDateWindow(at.startsAt.getTime() - DAY_MS, at.endsAt.getTime() + DAY_MS),
      };
    }
    const facts = await this.facts.findPartyFacts(query, tx);
    const checked = checkParties(kase, input, facts, extraErrors);
    // Every organization involved, read at most once: the hearing's zone, the center's escort buffer, the hours.
    const orgs = await this.organizationsOf(checked.organizationIds, tx, knownOrganizations);
    const room = checked.videoRoom;
    const center = room ? orgs.find((o) => o.id === room.organizationId) : undefined;
    return {
      courtroomId: checked.courtroomId,
      judgeId: checked.judgeId,
      prosecutorId: checked.prosecutorId,
      defendantIds: checked.defendantIds,
      defenseLawyerIds: checked.defenseLawyerIds,
      timeZone: orgs.find((o) => o.id === checked.zoneOrganizationId)!.timeZone,
      videoRoom: room ? { ...room, bufferMinutes: center?.escortBufferMinutes ?? 0 } : null,
      organizations: orgs,
      // Busy rooms read for the buffer of the center as known before the read: only if it is still that one.
      busyVideoRoomIds:
        facts.busyVideoRoomIds && query.videoRoomWindow && center && center.id === query.videoRoomsOf
          ? new Set(facts.busyVideoRoomIds)
          : undefined,
      hours: facts.hours,
    };
  }

  /** Applies defaults, checks every party, picks a free video room and derives what to write and hold. */
  private async resolve(
    tx: Transaction,
    kase: CaseParties,
    input: BookingInput,
    opts: { overrideReason: string | null; excludeHearingId?: string; organizations?: readonly OrganizationFacts[] },
  ): Promise<ResolvedBooking> {
    const fault = durationFault(input.durationMinutes);
    const startsAt = input.startsAt.toUTC();
    const endsAt = startsAt.plus({ minutes: input.durationMinutes });
    const parties = await this.checkedParties(tx, kase, input, fault ? [fault] : [], opts.organizations, {
      startsAt: startsAt.toJSDate(),
      endsAt: endsAt.toJSDate(),
      excludeHearingId: opts.excludeHearingId,
    });
    const centerRooms = parties.videoRoom;
    let videoRoom: RoomFacts | null = centerRooms?.given ?? null;
    let videoRoomChoice: ResolvedBooking['videoRoomChoice'] = null;
    if (centerRooms && !centerRooms.given) {
      const busy = parties.busyVideoRoomIds;
      videoRoom =
        (busy
          ? (centerRooms.candidates.find((r) => !busy.has(r.id)) ?? null)
          : await this.firstFreeVideoRoom(
              tx,
              centerRooms.candidates,
              { startsAt: startsAt.toJSDate(), endsAt: endsAt.toJSDate() },
              centerRooms.bufferMinutes,
              opts.excludeHearingId,
            )) ??
        // None free: book the first one anyway, so that the answer lists what holds it.
        centerRooms.candidates[0];
      videoRoomChoice = { candidates: centerRooms.candidates, bufferMinutes: centerRooms.bufferMinutes };
    }
    const bufferMinutes = centerRooms?.bufferMinutes ?? 0;
    const row: HearingBookingRow = {
      caseId: kase.caseId,
      sittingId: input.sittingId ?? null,
      kind: input.kind,
      startsAt: startsAt.toJSDate(),
      endsAt: endsAt.toJSDate(),
      timeZone: parties.timeZone,
      courtroomId: parties.courtroomId,
      judgeId: parties.judgeId,
      prosecutorId: parties.prosecutorId,
      videoRoomId: videoRoom?.id ?? null,
      notes: input.notes ?? null,
      hoursOverrideReason: opts.overrideReason,
    };
    const claims = reservationsFor({
      startsAt,
      endsAt,
      courtroomId: parties.courtroomId,
      judgeId: parties.judgeId,
      prosecutorId: parties.prosecutorId,
      defenseLawyerIds: parties.defenseLawyerIds,
      defendantIds: parties.defendantIds,
      videoRoomId: row.videoRoomId,
      videoRoomBufferMinutes: bufferMinutes,
    });
    const hoursRequirements: HoursRequirement[] = [];
    if (parties.courtroomId || parties.judgeId)
      hoursRequirements.push({ organizationId: kase.courtId, startsAt, endsAt });
    hoursRequirements.push({ organizationId: kase.procuratorateId, startsAt, endsAt });
    if (videoRoom)
      hoursRequirements.push({
        organizationId: videoRoom.organizationId,
        ...videoRoomRange(startsAt, endsAt, bufferMinutes),
      });
    return {
      row,
      defendantIds: parties.defendantIds,
      defenseLawyerIds: parties.defenseLawyerIds,
      claims,
      hoursRequirements,
      hours: parties.hours,
      organizations: parties.organizations,
      videoRoomChoice,
    };
  }
}

/** Whether a resolved booking holds the same people and rooms at the same time as the hearing does now. */
function sameBooking(h: HearingRecord, b: ResolvedBooking): boolean {
  return (
    h.kind === b.row.kind &&
    h.startsAt.getTime() === b.row.startsAt.getTime() &&
    h.endsAt.getTime() === b.row.endsAt.getTime() &&
    h.timeZone === b.row.timeZone &&
    h.courtroomId === b.row.courtroomId &&
    h.judgeId === b.row.judgeId &&
    h.prosecutorId === b.row.prosecutorId &&
    h.videoRoomId === b.row.videoRoomId &&
    sameSet(h.defendantIds, unique(b.defendantIds)) &&
    sameSet(h.defenseLawyerIds, unique(b.defenseLawyerIds))
  );
}
