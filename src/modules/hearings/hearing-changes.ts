import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../common/http/request-context';
import type { Transaction } from '../../platform/database/transaction';
import { AuditService } from '../audit/audit.service';
import type { HearingRecord } from './hearings.repository';

/** Who made a change: the request's actor and id (a case change's, a sitting's, a booking's). */
type ChangeContext = Pick<RequestContext, 'requestId' | 'actor'>;

/**
 * The one write path of a hearing change that others must hear of: booked, changed, cancelled, flagged. Every
 * code path that changes a hearing row calls it in the change's own transaction, after the row is written
 * (POST/PATCH /hearings and the cancel, a sitting's booking and cancel, the case-change follower): it writes the
 * audit row now, and is where the outbox event (notifications, video-room jobs) will be written, in the same
 * transaction, so that no path can miss it.
 *
 * One path does not come through here: the custody trigger (`defendants_flag_future_hearings`, migrations
 * Scheduling and CustodyFlagAudit) flags hearings in SQL and writes their `flag_attention` audit rows itself; when
 * the outbox comes, that trigger writes the event too (an SQL function shared with the outbox's own writes), as
 * the audit row is already written there.
 */
@Injectable()
export class HearingChanges {
  constructor(private readonly audit: AuditService) {}

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
    // Outbox: the `hearing.booked` event goes here, in this transaction.
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
    // Outbox: the `hearing.changed` event goes here, in this transaction.
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
    // Outbox: the `hearing.cancelled` event goes here, in this transaction.
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
    // Outbox: the `hearing.outcome_recorded` event goes here, in this transaction.
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
    // Outbox: the `hearing.flagged` event goes here, in this transaction.
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
