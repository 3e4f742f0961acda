import { Inject, Injectable } from '@nestjs/common';
import { DateTime, Interval } from 'luxon';
import { ValidationFailedError } from '../../common/errors/domain-error';
import type { RequestContext } from '../../common/http/request-context';
import { toInterval } from '../../common/time/interval';
import { parseInstant, toLocalIso, toUtcIso } from '../../common/time/local-time';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { CalendarsService } from '../calendars/calendars.service';
import { HearingBookingService } from '../hearings/hearing-booking.service';
import { assertMayBook } from '../../kernel/access/hearing-visibility';
import { ReservationsRepository } from '../../kernel/scheduling/reservations.repository';
import { BookingFactsRepository } from '../hearings/booking-facts.repository';
import { AvailabilityQuery, AvailabilityResponse, DEFAULT_SLOT_LIMIT } from './dto/availability.dto';
import type { HoursRule } from '../../kernel/scheduling/start-times';
import { findSlots } from './slot-finder';

/** The longest window one search may cover: the query reads only that window, so its cost stays bounded. */
export const MAX_WINDOW_DAYS = 31;

/**
 * GET /availability: the earliest slots at which a hearing of a case could be booked as is. It applies the
 * booking's own defaults and rules (HearingBookingService) so that a slot it offers is one POST /hearings accepts:
 * same parties, same hours (court, procuratorate, detention center with its escort buffer), same choice of video
 * room (the first free one by name).
 */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly facts: BookingFactsRepository,
    private readonly reservations: ReservationsRepository,
    private readonly booking: HearingBookingService,
    private readonly calendars: CalendarsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async search(ctx: RequestContext, q: AvailabilityQuery): Promise<AvailabilityResponse> {
    // One read: the case if the caller may see it (the same answer whether it exists or not), and its organizations.
    const found = await this.facts.findCaseToBook(ctx.actor, q.caseId);
    if (!found) throw ValidationFailedError.field('caseId', 'no case with this id is visible to you');
    const { kase, organizations } = found;
    assertMayBook(ctx.actor, kase, q.kind);

    const parties = await this.booking.checkedParties(undefined, kase, q, [], organizations);
    const zone = parties.timeZone;
    const asked = parseInstant(q.from, zone, 'from');
    const to = parseInstant(q.to, zone, 'to');
    if (to <= asked) throw ValidationFailedError.field('to', 'must be after from');
    if (to.diff(asked, 'days').days > MAX_WINDOW_DAYS) {
      throw ValidationFailedError.field(
        'to',
        `the window may span at most ${MAX_WINDOW_DAYS} days; search again from a later date`,
      );
    }
    // A booking may not start in the past (422 STARTS_IN_PAST), so neither may a slot: the search starts now.
    const now = DateTime.now().toUTC();
    if (to <= now)
      throw ValidationFailedError.field('to', 'the window lies in the past: no hearing can be booked there');
    const from = DateTime.max(asked, now);

    const buffer = parties.videoRoom?.bufferMinutes ?? 0;
    // The rooms a booking would take: the one asked for, or the center's in the order booking tries them.
    const candidateRooms = parties.videoRoom
      ? parties.videoRoom.given
        ? [parties.videoRoom.given]
        : parties.videoRoom.candidates
      : [];
    const people = [
      parties.courtroomId,
      parties.judgeId,
      parties.prosecutorId,
      ...parties.defendantIds,
      ...parties.defenseLawyerIds,
    ].filter((id): id is string => id !== null);
    const roomIds = candidateRooms.map((r) => r.id);

    const hoursOf: Array<{ organizationId: string; before: number; after: number }> = [];
    if (parties.courtroomId || parties.judgeId) hoursOf.push({ organizationId: kase.courtId, before: 0, after: 0 });
    hoursOf.push({ organizationId: kase.procuratorateId, before: 0, after: 0 });
    if (parties.videoRoom)
      hoursOf.push({ organizationId: parties.videoRoom.organizationId, before: buffer, after: buffer });

    // Only the window asked for (widened by the escort buffer for the video rooms) is read.
    const [busy, roomBusy, open] = await Promise.all([
      this.reservations.findBusy(people, from, to),
      this.reservations.findBusy(roomIds, from.minus({ minutes: buffer }), to.plus({ minutes: buffer })),
      this.calendars.openIntervals(
        hoursOf.map((h) => h.organizationId),
        from.minus({ minutes: buffer }),
        to.plus({ minutes: buffer }),
      ),
    ]);

    const hours: HoursRule[] = hoursOf.map((h) => ({
      open: open.get(h.organizationId) ?? [],
      beforeMinutes: h.before,
      afterMinutes: h.after,
    }));
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
            candidates: candidateRooms.map((r) => ({
              id: r.id,
              busy: roomBusy.filter((b) => b.resourceId === r.id).map(toInterval),
            })),
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
}
