import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../common/http/request-context';
import type { Transaction } from '../../platform/database/transaction';
import { OutboxRepository } from '../../platform/outbox/outbox.repository';
import { AuditService } from '../audit/audit.service';
import type { HearingRecord } from './hearings.repository';

/**
 * The outbox topics of hearing changes, for the queues that listen (video rooms, notifications). Each event's
 * payload is `HearingEvent`: ids and the hearing's version after the change, never personal data.
 */
export const HEARING_TOPICS = {
  booked: 'hearing.booked',
  changed: 'hearing.changed',
  cancelled: 'hearing.cancelled',
  flagged: 'hearing.flagged',
  outcomeRecorded: 'hearing.outcome_recorded',
} as const;

/** What a hearing event carries; the custody trigger (migration Outbox) writes the same for `hearing.flagged`. */
export interface HearingEvent {
  hearingId: string;
  caseId: string;
  version: number;
}

/** Who made a change: the request's actor and id (a case change's, a sitting's, a booking's). */
type ChangeContext = Pick<RequestContext, 'requestId' | 'actor'>;

/**
 * The one write path of a hearing change that others must hear of: booked, changed, cancelled, flagged, outcome
 * recorded. Every code path that changes a hearing row calls it in the change's own transaction, after the row is
 * written (POST/PATCH /hearings and the cancel, a sitting's booking and cancel, the case-change follower, an
 * outcome): it writes the audit row and the outbox event (`HEARING_TOPICS`) in that transaction, so that no path
 * can miss either and a change that rolls back leaves neither. Nothing here calls out of the database: a booking
 * never waits for, or fails because of, a video server or a mail server; their jobs run later from the outbox.
 *
 * One path does not come through here: the custody trigger (`defendants_flag_future_hearings`, migrations
 * Scheduling, CustodyFlagAudit and Outbox) flags hearings in SQL and writes their `flag_attention` audit rows and
 * `hearing.flagged` events itself, through the same SQL function `outbox_emit` that OutboxRepository calls.
 */
@Injectable()
export class HearingChanges {
  constructor(
    private readonly audit: AuditService,
    private readonly outbox: OutboxRepository,
  ) {}

  private async emit(tx: Transaction, ctx: ChangeContext, topic: string, after: HearingRecord): Promise<void> {
    const event: HearingEvent = { hearingId: after.id, caseId: after.caseId, version: after.version };
    await this.outbox.emit(tx, topic, { ...event }, ctx.requestId);
  }

  /** A hearing was booked (`after` as written); a back-fill's reason is kept with it. */
  async booked(
    tx: Transaction,
    ctx: ChangeContext,
    after: HearingRecord,
    backfillReason?: string | null,
  ): Promise<void> {
    await this.audit.record(tx, ctx, {
      action: 'create',
      entityType: 'hearing',
      entityId: after.id,
      after: withBackfill(hearingAuditSnapshot(after), backfillReason),
    });
    await this.emit(tx, ctx, HEARING_TOPICS.booked, after);
  }

  /** A hearing was moved, re-booked or annotated. */
  async changed(
    tx: Transaction,
    ctx: ChangeContext,
    before: HearingRecord,
    after: HearingRecord,
    backfillReason?: string | null,
  ): Promise<void> {
    await this.audit.record(tx, ctx, {
      action: 'update',
      entityType: 'hearing',
      entityId: after.id,
      before: hearingAuditSnapshot(before),
      after: withBackfill(hearingAuditSnapshot(after), backfillReason),
    });
    await this.emit(tx, ctx, HEARING_TOPICS.changed, after);
  }

  /** A hearing was cancelled (its reservations freed by the trigger hearings_release_on_cancel). */
  async cancelled(tx: Transaction, ctx: ChangeContext, before: HearingRecord, after: HearingRecord): Promise<void> {
    await this.audit.record(tx, ctx, {
      action: 'cancel',
      entityType: 'hearing',
      entityId: after.id,
      before: hearingAuditSnapshot(before),
      after: hearingAuditSnapshot(after),
    });
    await this.emit(tx, ctx, HEARING_TOPICS.cancelled, after);
  }

  /** A hearing's outcome was recorded or corrected, giving it a status (`outcome`: what the audit keeps of it). */
  async outcomeRecorded(
    tx: Transaction,
    ctx: ChangeContext,
    before: HearingRecord,
    after: HearingRecord,
    outcome: Record<string, unknown>,
    action: 'record_outcome' | 'correct_outcome',
  ): Promise<void> {
    await this.audit.record(tx, ctx, {
      action,
      entityType: 'hearing',
      entityId: after.id,
      before: hearingAuditSnapshot(before),
      after: { ...hearingAuditSnapshot(after), outcome },
    });
    await this.emit(tx, ctx, HEARING_TOPICS.outcomeRecorded, after);
  }

  /** A hearing was flagged for attention (someone it needs could not be held), with whatever else changed. */
  async flagged(tx: Transaction, ctx: ChangeContext, before: HearingRecord, after: HearingRecord): Promise<void> {
    await this.audit.record(tx, ctx, {
      action: 'flag_attention',
      entityType: 'hearing',
      entityId: after.id,
      before: hearingAuditSnapshot(before),
      after: hearingAuditSnapshot(after),
    });
    await this.emit(tx, ctx, HEARING_TOPICS.flagged, after);
  }
}

/** A back-fill's reason, kept with the audit row of the change that recorded a hearing in the past. */
function withBackfill(snapshot: Record<string, unknown>, reason: string | null | undefined): Record<string, unknown> {
  return reason ? { ...snapshot, backfillReason: reason } : snapshot;
}

/** What the audit log keeps of a hearing: ids and times; the free-text notes are left out (they may name people). */
export function hearingAuditSnapshot(h: HearingRecord): Record<string, unknown> {
  return {
    caseId: h.caseId,
    sittingId: h.sittingId,
    kind: h.kind,
    status: h.status,
    startsAt: h.startsAt.toISOString(),
    endsAt: h.endsAt.toISOString(),
    timeZone: h.timeZone,
    courtroomId: h.courtroomId,
    judgeId: h.judgeId,
    prosecutorId: h.prosecutorId,
    videoRoomId: h.videoRoomId,
    defendantIds: h.defendantIds,
    defenseLawyerIds: h.defenseLawyerIds,
    hasNotes: h.notes !== null && h.notes !== '',
    hoursOverrideReason: h.hoursOverrideReason,
    cancelReason: h.cancelReason,
    needsAttention: h.needsAttention,
    attentionReasons: h.attentionReasons,
    version: h.version,
  };
}
