import { Inject, Injectable, Logger } from '@nestjs/common';
import { WebhookReceiver, type WebhookEvent } from 'livekit-server-sdk';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { UnauthorizedError, ValidationFailedError } from '../../common/errors/domain-error';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { VideoPresenceRepository } from './video-presence.repository';
import { VideoService } from './video.service';

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
    private readonly live: VideoService,
    private readonly tx: TransactionRunner,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.receiver = new WebhookReceiver(config.livekitApiKey, config.livekitApiSecret);
  }

  /**
   * Verifies and applies one delivery; `duplicate` when the event was received before (nothing changes). One
   * statement keeps the event and what it implies (ingest); only the end of a connection to a hearing in session,
   * which may suspend it, takes a transaction.
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
    const kept = await this.presence.ingest(undefined, facts, effects);
    const hearingId = kept.hearingId;
    // A connection's end may leave a hearing in session without its judge and clerk: that check, and the suspension,
    // in a transaction of their own on the locked live state (a hearing not in session at the event needs neither;
    // one started in the instant between is caught by the minute's reconciliation).
    if (kept.fresh && hearingId !== null && connection && ends && kept.liveState === 'in_session')
      await this.tx.run((tx) =>
        this.live.suspendIfUnattended(
          tx,
          hearingId,
          (roles) => this.presence.openConnections(tx, hearingId, roles),
          `livekit-webhook:${event.id}`,
        ),
      );
    return { duplicate: !kept.fresh };
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
}
