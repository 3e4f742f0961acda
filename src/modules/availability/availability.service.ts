import { Inject, Injectable } from '@nestjs/common';
import { DateTime, Interval } from 'luxon';
import { ForbiddenError, FieldError, ValidationFailedError } from '../../common/errors/domain-error';
import type { Actor, RequestContext } from '../../common/http/request-context';
import { parseInstant, toLocalIso, toUtcIso } from '../../common/time/local-time';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { CalendarsService } from '../calendars/calendars.service';
import type { HearingKind } from '../hearings/hearing.entity';
import { HearingBookingService } from '../hearings/hearing-booking.service';
import { CaseParties, defaultParties } from '../hearings/hearing-parties';
import { BusyReservation, HearingsRepository, RoomFacts } from '../hearings/hearings.repository';
import { AvailabilityQuery, AvailabilityResponse, DEFAULT_SLOT_LIMIT } from './dto/availability.dto';
import { findSlots, HoursRule } from './slot-finder';

/** The longest window one search may cover: the query reads only that window, so its cost stays bounded. */
export const MAX_WINDOW_DAYS = 31;

/** Who attends, after the booking defaults: everything the search needs besides time. */
interface SearchParties {
  courtroomId: string | null;
  judgeId: string | null;
  prosecutorId: string;
  defendantIds: string[];
  defenseLawyerIds: string[];
  /** Candidate video rooms in the order a booking picks them (by name), and the escort buffer of their center. */
  videoRoom: { organizationId: string; bufferMinutes: number; candidates: RoomFacts[] } | null;
}

/**
 * GET /availability: the earliest slots at which a hearing of a case could be booked as is. It applies the
 * booking's own defaults and rules (HearingBookingService) so that a slot it offers is one POST /hearings accepts:
 * same parties, same hours (court, procuratorate, detention center with its escort buffer), same choice of video
 * room (the first free one by name).
 */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly hearings: HearingsRepository,
    private readonly booking: HearingBookingService,
    private readonly calendars: CalendarsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async search(ctx: RequestContext, q: AvailabilityQuery): Promise<AvailabilityResponse> {
    const kase = await this.hearings.findCaseParties(q.caseId);
    if (!kase || !(await this.hearings.isCaseVisible(ctx.actor, q.caseId))) {
      throw ValidationFailedError.field('caseId', 'no case with this id is visible to you');
    }
    assertMayBook(ctx.actor, kase, q.kind);

    const zone = await this.booking.timeZoneFor(kase, q.kind);
    const from = parseInstant(q.from, zone, 'from');
    const to = parseInstant(q.to, zone, 'to');
    if (to <= from) throw ValidationFailedError.field('to', 'must be after from');
    if (to.diff(from, 'days').days > MAX_WINDOW_DAYS) {
      throw ValidationFailedError.field('to', `the window may span at most ${MAX_WINDOW_DAYS} days; search again from a later date`);
    }

    const parties = await this.resolveParties(kase, q);
    const buffer = parties.videoRoom?.bufferMinutes ?? 0;
    const people = [parties.courtroomId, parties.judgeId, parties.prosecutorId, ...parties.defendantIds, ...parties.defenseLawyerIds]
      .filter((id): id is string => id !== null);
    const roomIds = parties.videoRoom?.candidates.map((r) => r.id) ?? [];

    const hoursOf: Array<{ organizationId: string; before: number; after: number }> = [];
    if (parties.courtroomId || parties.judgeId) hoursOf.push({ organizationId: kase.courtId, before: 0, after: 0 });
    hoursOf.push({ organizationId: kase.procuratorateId, before: 0, after: 0 });
    if (parties.videoRoom) hoursOf.push({ organizationId: parties.videoRoom.organizationId, before: buffer, after: buffer });

    // Only the window asked for (widened by the escort buffer for the video rooms) is read.
    const [busy, roomBusy, open] = await Promise.all([
      this.hearings.findBusy(people, from, to),
      this.hearings.findBusy(roomIds, from.minus({ minutes: buffer }), to.plus({ minutes: buffer })),
      this.calendars.openIntervals(hoursOf.map((h) => h.organizationId), from.minus({ minutes: buffer }), to.plus({ minutes: buffer })),
    ]);

    const hours: HoursRule[] = hoursOf.map((h) => ({ open: open.get(h.organizationId) ?? [], beforeMinutes: h.before, afterMinutes: h.after }));
    const slots = findSlots({
      durationMinutes: q.durationMinutes,
      gridMinutes: this.config.slotGridMinutes,
      zone,
      window: Interval.fromDateTimes(from, to),
      limit: q.limit ?? DEFAULT_SLOT_LIMIT,
      busy: busy.map(toInterval),
      hours,
      videoRoom: parties.videoRoom
        ? {
            bufferMinutes: buffer,
            candidates: parties.videoRoom.candidates.map((r) => ({ id: r.id, busy: roomBusy.filter((b) => b.resourceId === r.id).map(toInterval) })),
          }
        : undefined,
    });
    return {
      timeZone: zone,
      slots: slots.map((s) => ({
        startsAt: toUtcIso(s.startsAt),
        endsAt: toUtcIso(s.endsAt),
        localStartsAt: toLocalIso(s.startsAt, zone),
        videoRoomId: s.videoRoomId,
      })),
    };
  }

  /**
   * The booking's defaults and checks (see HearingBookingService.resolve), without a time: the same field names
   * and messages, every error collected before answering.
   */
  private async resolveParties(kase: CaseParties, q: AvailabilityQuery): Promise<SearchParties> {
    const errors: FieldError[] = [];
    const isPlea = q.kind === 'plea_signing';
    const parties = defaultParties(kase, q);
    const courtroomId = q.courtroomId ?? null;
    const judgeId = q.judgeId ?? null;
    const what = q.kind.replace('_', ' ');
    if (isPlea) {
      if (courtroomId) errors.push({ field: 'courtroomId', message: 'a plea signing is held without a courtroom' });
      if (judgeId) errors.push({ field: 'judgeId', message: 'a plea signing is held without a judge' });
      if (parties.defenseLawyerIds.length === 0) {
        errors.push({ field: 'defenseLawyerIds', message: 'a plea affidavit is signed with a defense or duty lawyer present: name one' });
      }
    } else {
      if (!courtroomId) errors.push({ field: 'courtroomId', message: `is required for a ${what}` });
      if (!judgeId) errors.push({ field: 'judgeId', message: `is required for a ${what}` });
    }
    if (parties.defendantIds.length === 0) errors.push({ field: 'defendantIds', message: 'the hearing needs at least one defendant of the case' });

    const userIds = [judgeId, parties.prosecutorId, ...parties.defenseLawyerIds].filter((x): x is string => !!x);
    const users = new Map((await this.hearings.findUsers(userIds)).map((u) => [u.id, u]));
    const rooms = new Map((await this.hearings.findRooms([courtroomId, q.videoRoomId].filter((x): x is string => !!x))).map((r) => [r.id, r]));
    if (judgeId) {
      const judge = users.get(judgeId);
      if (!judge || judge.role !== 'judge' || !judge.active) errors.push({ field: 'judgeId', message: 'is not an active judge' });
      else if (judge.organizationId !== kase.courtId) errors.push({ field: 'judgeId', message: "is not a judge of the case's court" });
    }
    if (courtroomId) {
      const room = rooms.get(courtroomId);
      if (!room || room.kind !== 'courtroom') errors.push({ field: 'courtroomId', message: 'is not a courtroom' });
      else if (room.organizationId !== kase.courtId) errors.push({ field: 'courtroomId', message: "is not a courtroom of the case's court" });
    }
    const prosecutor = users.get(parties.prosecutorId);
    if (!prosecutor || prosecutor.role !== 'prosecutor' || !prosecutor.active) errors.push({ field: 'prosecutorId', message: 'is not an active prosecutor' });
    else if (prosecutor.organizationId !== kase.procuratorateId) errors.push({ field: 'prosecutorId', message: "is not a prosecutor of the case's procuratorate" });
    parties.defenseLawyerIds.forEach((id, i) => {
      const lawyer = users.get(id);
      if (!lawyer || lawyer.role !== 'lawyer' || !lawyer.active) errors.push({ field: `defenseLawyerIds[${i}]`, message: 'is not an active lawyer' });
    });
    const caseDefendants = new Map(kase.defendants.map((d) => [d.defendantId, d]));
    parties.defendantIds.forEach((id, i) => {
      if (!caseDefendants.has(id)) errors.push({ field: `defendantIds[${i}]`, message: 'is not a defendant of this case' });
    });

    const attending = parties.defendantIds.map((id) => caseDefendants.get(id)).filter((d) => d !== undefined);
    const detainedCenters = [...new Set(attending.filter((d) => d.custodyStatus === 'detained').map((d) => d.detentionCenterId))];
    const anyCenters = new Set(attending.map((d) => d.detentionCenterId));
    if (detainedCenters.length > 1) {
      errors.push({ field: 'defendantIds', message: 'these defendants are held in different detention centers: book a hearing per center' });
    }
    let videoRoom: SearchParties['videoRoom'] = null;
    if (q.videoRoomId) {
      const room = rooms.get(q.videoRoomId);
      if (!room || room.kind !== 'video_room') errors.push({ field: 'videoRoomId', message: 'is not a video room' });
      else if (detainedCenters.length > 0 ? !detainedCenters.includes(room.organizationId) : !anyCenters.has(room.organizationId)) {
        errors.push({ field: 'videoRoomId', message: "is not a video room of the defendant's detention center" });
      } else {
        videoRoom = { organizationId: room.organizationId, bufferMinutes: 0, candidates: [room] };
      }
    } else if (detainedCenters.length === 1 && errors.length === 0) {
      const candidates = await this.hearings.findVideoRoomsOf(detainedCenters[0]);
      if (candidates.length === 0) errors.push({ field: 'videoRoomId', message: "the defendant's detention center has no video room" });
      else videoRoom = { organizationId: detainedCenters[0], bufferMinutes: 0, candidates };
    }
    if (errors.length > 0) throw new ValidationFailedError(errors);
    if (videoRoom) {
      const [center] = await this.hearings.findOrganizations([videoRoom.organizationId]);
      videoRoom.bufferMinutes = center?.escortBufferMinutes ?? 0;
    }
    return { courtroomId, judgeId, prosecutorId: parties.prosecutorId, defendantIds: parties.defendantIds, defenseLawyerIds: parties.defenseLawyerIds, videoRoom };
  }
}

/** Who may book a hearing of the case may search for its slots (the rule of HearingsService). */
function assertMayBook(actor: Actor, kase: CaseParties, kind: HearingKind): void {
  if (actor.role === 'admin') return;
  if (actor.role === 'clerk' && actor.organizationId === kase.courtId) return;
  if (kind === 'plea_signing' && actor.role === 'prosecutor' && actor.id === kase.prosecutorId) return;
  throw new ForbiddenError(
    kind === 'plea_signing'
      ? "Only a clerk of the case's court, the case's prosecutor or an admin may search slots for a plea signing"
      : "Only a clerk of the case's court or an admin may search slots for this hearing",
  );
}

function toInterval(b: BusyReservation): Interval {
  return Interval.fromDateTimes(DateTime.fromJSDate(b.startsAt, { zone: 'utc' }), DateTime.fromJSDate(b.endsAt, { zone: 'utc' }));
}
