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

  /** Verifies and applies one delivery; `duplicate` when the event was received before (nothing changes). */
  async receive(body: Buffer, authorization: string | undefined): Promise<{ duplicate: boolean }> {
    const event = await this.verify(body, authorization);
    return this.tx.run(async (tx) => {
      const roomName = event.room?.name || null;
      const hearingId = roomName ? await this.presence.hearingOfRoom(tx, roomName) : null;
      const p = event.participant;
      const createdAt = instant(event.createdAt, 1000) ?? new Date();
      const fresh = await this.presence.insertEvent(tx, {
        id: event.id,
        event: event.event,
        createdAt,
        roomName,
        hearingId,
        identity: p?.identity || null,
        participantSid: p?.sid || null,
      });
      if (!fresh) return { duplicate: true };
      if (hearingId === null || roomName === null) return { duplicate: false };
      if (event.event === 'room_started') await this.presence.roomStarted(tx, hearingId, event.room?.sid || null);
      if (p?.sid && p.identity && (event.event === 'participant_joined' || CONNECTION_ENDS.has(event.event))) {
        const joinedAt = instant(p.joinedAtMs, 1) ?? instant(p.joinedAt, 1000);
        const ends = CONNECTION_ENDS.has(event.event);
        await this.presence.recordSession(tx, {
          participantSid: p.sid,
          hearingId,
          identity: p.identity,
          roomName,
          joinedAt: ends ? joinedAt : (joinedAt ?? createdAt),
          leftAt: ends ? createdAt : null,
        });
        if (ends) await this.suspendWithoutModerators(tx, hearingId);
      }
      return { duplicate: false };
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
    const h = await this.video.findForService(tx, hearingId, { lock: true });
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
