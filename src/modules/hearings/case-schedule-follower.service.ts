import { Injectable, OnModuleInit } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { RequestContext } from '../../common/http/request-context';
import type { ReservationClash, ResourceClaim } from '../../kernel/scheduling/reservations';
import { ReservationsRepository } from '../../kernel/scheduling/reservations.repository';
import type { ResourceType } from '../../kernel/scheduling/reservation.entity';
import type { Transaction } from '../../platform/database/transaction';
import { CaseChangeListeners, CasePeopleChange, CasePeopleListener } from '../cases/case-change-listeners';
import { movesNothing, peopleToMove } from './case-people-follow';
import type { AttentionReason } from './hearing.entity';
import { HearingChanges } from './hearing-changes';
import { BookingFactsRepository } from './booking-facts.repository';
import { HearingClashError } from './hearings.errors';
import { HearingRecord, HearingsRepository } from './hearings.repository';

/** A reservation refused with nothing committed in its way is a deadlock with a racing booking: try it again. */
const RACE_RETRIES = 2;

/**
 * Makes a case's future scheduled hearings follow a change of its people (PATCH /cases/:id: another prosecutor,
 * a defendant's lawyer assigned, changed or removed), in the case change's transaction. Registered with the
 * cases module's CaseChangeListeners (cases may not import hearings; see there).
 *
 * Each hearing concerned (peopleToMove) frees the reservation of whoever leaves it and takes one for whoever
 * joins, through the reservations and their exclusion constraint, as a re-booking does. Someone busy then keeps
 * out: the place stays empty and the hearing is flagged (LAWYER_BUSY, PROSECUTOR_BUSY, naming the clash); a plea
 * signing left with no lawyer at all is flagged NO_LAWYER (its affidavit needs one present). The
 * time does not change, so opening hours are not checked again. Each hearing changed gets a new version and an
 * audit row (`update`, or `flag_attention` when flagged) with the change's actor and request id. Hearings that
 * have started and cancelled ones stay as they were.
 */
@Injectable()
export class CaseScheduleFollower implements CasePeopleListener, OnModuleInit {
  constructor(
    private readonly hearings: HearingsRepository,
    private readonly facts: BookingFactsRepository,
    private readonly reservations: ReservationsRepository,
    private readonly changes: HearingChanges,
    private readonly caseChanges: CaseChangeListeners,
  ) {}

  onModuleInit(): void {
    this.caseChanges.register(this);
  }

  async casePeopleChanged(tx: Transaction, ctx: RequestContext, change: CasePeopleChange): Promise<void> {
    // The case as changed in this transaction: who defends whom now.
    const kase = await this.facts.findCaseParties(change.caseId, tx);
    if (!kase) return;
    const lawyerAfter = new Map(kase.defendants.map((d) => [d.defendantId, d.defenseLawyerId]));
    const at = DateTime.utc().toISO()!;
    for (const before of await this.hearings.lockFutureScheduledOfCase(tx, change.caseId)) {
      const move = peopleToMove(before, change, lawyerAfter);
      if (movesNothing(move)) continue;
      await this.reservations.releaseReservations(tx, before.id, [
        ...(move.prosecutor ? [move.prosecutor.from] : []),
        ...move.lawyersOut,
      ]);
      const reasons: AttentionReason[] = [];
      let prosecutorId = before.prosecutorId;
      if (move.prosecutor) {
        const conflicts = await this.take(tx, before, 'prosecutor', move.prosecutor.to);
        prosecutorId = conflicts ? null : move.prosecutor.to;
        if (conflicts)
          reasons.push({ code: 'PROSECUTOR_BUSY', defendantId: null, at, personId: move.prosecutor.to, conflicts });
      }
      const lawyers = before.defenseLawyerIds.filter((id) => !move.lawyersOut.includes(id));
      for (const { lawyerId, defendantId } of move.lawyersIn) {
        const conflicts = await this.take(tx, before, 'defense_lawyer', lawyerId);
        if (conflicts) reasons.push({ code: 'LAWYER_BUSY', defendantId, at, personId: lawyerId, conflicts });
        else lawyers.push(lawyerId);
      }
      // A plea affidavit is signed with a lawyer present: a plea signing the change leaves with none needs a person.
      if (before.kind === 'plea_signing' && lawyers.length === 0 && !reasons.some((r) => r.code === 'LAWYER_BUSY')) {
        const removed = change.defenseLawyers.find((c) => c.to === null && before.defendantIds.includes(c.defendantId));
        reasons.push({ code: 'NO_LAWYER', defendantId: removed?.defendantId ?? null, at });
      }
      await this.hearings.followCasePeople(tx, before.id, { prosecutorId, reasons });
      await this.hearings.replaceParties(tx, before.id, before.defendantIds, lawyers);
      const after = (await this.hearings.findById(before.id, tx))!;
      if (reasons.length > 0) await this.changes.flagged(tx, ctx, before, after);
      else await this.changes.changed(tx, ctx, before, after);
    }
  }

  /**
   * Holds this person for the hearing's time, under a savepoint (the transaction goes on after a clash). Null
   * when held; otherwise what holds them then. A racing booking of that person that has not committed yet is
   * waited for by the exclusion constraint, so the answer is never a double-booking.
   */
  private async take(
    tx: Transaction,
    h: HearingRecord,
    resourceType: ResourceType,
    personId: string,
  ): Promise<ReservationClash[] | null> {
    const claim: ResourceClaim = {
      resourceType,
      resourceId: personId,
      startsAt: DateTime.fromJSDate(h.startsAt),
      endsAt: DateTime.fromJSDate(h.endsAt),
    };
    for (let attempt = 0; ; attempt++) {
      if ((await this.reservations.tryReserve(tx, h.id, [claim], { savepoint: true })) === 'reserved') return null;
      const conflicts = await this.reservations.findClashes([claim], tx, { excludeHearingId: h.id });
      if (conflicts.length > 0) return conflicts;
      // 409 "retry the request", never a 500; nothing of the case change is kept.
      if (attempt >= RACE_RETRIES) throw new HearingClashError([]);
    }
  }
}
