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
        if (ends)
          await this.live.suspendIfUnattended(
            tx,
            hearingId,
            (roles) => this.presence.openConnections(tx, hearingId, roles),
            `livekit-webhook:${event.id}`,
          );
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
}
