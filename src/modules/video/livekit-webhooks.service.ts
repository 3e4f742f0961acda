import { Inject, Injectable, Logger } from '@nestjs/common';
import { WebhookReceiver, type WebhookEvent } from 'livekit-server-sdk';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { UnauthorizedError, ValidationFailedError } from '../../common/errors/domain-error';
import type { Transaction } from '../../platform/database/transaction';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { moderatorRoles } from './video-grants';
import { VideoPresenceRepository } from './video-presence.repository';
import { VideoRepository } from './video.repository';

const CONNECTION_ENDS = new Set(['participant_left', 'participant_connection_aborted']);

/** An int64 of seconds or milliseconds from the protocol as an instant; null when unset (0). */
function instant(value: bigint | undefined, unitMs: number): Date | null {
  return value && value > 0n ? new Date(Number(value) * unitMs) : null;
}

/**
 * LiveKit's webhooks: verified on the exact bytes, each event kept once, and what it means for the hearing:
 * connections (presence, attendance), the room's session, and the rule that a hearing in session whose last
 * judge and clerk left is suspended (technical help needed) until they resume it.
 */
@Injectable()
export class LivekitWebhooksService {
  private readonly logger = new Logger('LivekitWebhooks');
  private readonly receiver: WebhookReceiver;

  constructor(
    private readonly presence: VideoPresenceRepository,
    private readonly video: VideoRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.receiver = new WebhookReceiver(config.livekitApiKey, config.livekitApiSecret);
  }

  /**
   * Verifies and applies one delivery; `duplicate` when the event was received before (nothing changes). One
   * statement keeps the event and what it implies (ingest); only the end of a connection, which may suspend the
   * hearing, takes a transaction.
   */
  async receive(body: Buffer, authorization: string | undefined): Promise<{ duplicate: boolean }> {
    const event = await this.verify(body, authorization);
    const p = event.participant;
    const createdAt = instant(event.createdAt, 1000) ?? new Date();
    const facts = {
      id: event.id,
      event: event.event,
      createdAt,
      roomName: event.room?.name || null,
      identity: p?.identity || null,
      participantSid: p?.sid || null,
    };
    const ends = CONNECTION_ENDS.has(event.event);
    const connection = Boolean(p?.sid && p.identity) && (event.event === 'participant_joined' || ends);
    const joinedAt = p ? (instant(p.joinedAtMs, 1) ?? instant(p.joinedAt, 1000)) : null;
    const effects = {
      session: connection
        ? { joinedAt: ends ? joinedAt : (joinedAt ?? createdAt), leftAt: ends ? createdAt : null }
        : null,
      roomStarted: event.event === 'room_started' ? { sid: event.room?.sid || null } : null,
    };
    if (!(connection && ends)) return { duplicate: !(await this.presence.ingest(undefined, facts, effects)).fresh };
    return this.tx.run(async (tx) => {
      const kept = await this.presence.ingest(tx, facts, effects);
      if (kept.fresh && kept.hearingId !== null) await this.suspendWithoutModerators(tx, kept.hearingId);
      return { duplicate: !kept.fresh };
    });
  }

  private async verify(body: Buffer, authorization: string | undefined): Promise<WebhookEvent> {
    if (!authorization) throw new UnauthorizedError('A LiveKit webhook carries its signature in Authorization');
    let event: WebhookEvent;
    try {
      event = await this.receiver.receive(body.toString('utf8'), authorization);
    } catch (err) {
      // A valid signature over a body that is not a webhook event is the sender's fault, not a forgery.
      if (err instanceof SyntaxError || (err instanceof Error && /JSON|cannot decode/i.test(err.message)))
        throw new ValidationFailedError([{ field: 'body', message: 'is not a LiveKit webhook event' }]);
      this.logger.warn(`LiveKit webhook refused: ${err instanceof Error ? err.message : 'invalid signature'}`);
      throw new UnauthorizedError('The LiveKit webhook signature is not valid');
    }
    if (!event.id || !event.event)
      throw new ValidationFailedError([{ field: 'body', message: 'a LiveKit webhook event has an id and an event' }]);
    return event;
  }

  /** A hearing in session with no judge or clerk (prosecutor, in a plea signing) connected any more is suspended. */
  private async suspendWithoutModerators(tx: Transaction, hearingId: string): Promise<void> {
    const h = await this.video.lockLive(tx, hearingId);
    if (!h || h.liveState !== 'in_session') return;
    if ((await this.presence.openConnections(tx, hearingId, moderatorRoles(h.kind))) > 0) return;
    await this.video.changeLive(tx, hearingId, {
      action: 'suspend',
      from: 'in_session',
      to: 'suspended',
      actorId: null,
    });
    await this.audit.record(
      tx,
      { requestId: 'livekit-webhook', actor: null },
      {
        action: 'live_suspend',
        entityType: 'hearing',
        entityId: hearingId,
        before: { liveState: 'in_session' },
        after: { liveState: 'suspended', why: 'the last judge and clerk left the room' },
      },
    );
    // Outbox: the `hearing.live_changed` event goes here (the clerk's alert: the hearing is suspended).
  }
}
