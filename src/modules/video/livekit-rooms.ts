import { Inject, Injectable } from '@nestjs/common';
import { RoomServiceClient, TwirpError } from 'livekit-server-sdk';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { TRACK_SOURCES } from './livekit-token';
import type { RoomRights } from './video-grants';

function isNotFound(err: unknown): boolean {
  return err instanceof TwirpError && (err.code === 'not_found' || err.status === 404);
}

export interface RoomParticipant {
  identity: string;
  sid: string;
  joinedAt: Date | null;
}

/**
 * LiveKit's server API (Twirp, RoomServiceClient) as the service uses it: the only production path to it. Called
 * from jobs only, never inside a request, so LiveKit being down never fails a booking or a token. A missing room
 * or participant is no error where the goal is for it to be gone.
 */
@Injectable()
export class LivekitRooms {
  private readonly client: RoomServiceClient;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // A self-hosted server has no regions to fail over to.
    this.client = new RoomServiceClient(config.livekitUrl, config.livekitApiKey, config.livekitApiSecret, {
      requestTimeout: config.livekitRequestTimeoutSeconds,
      failover: false,
    });
  }

  /** Creates the room, or updates it (createRoom is an upsert); returns its sid. */
  async ensure(
    name: string,
    o: { hearingId: string; emptyTimeout: number; departureTimeout: number; maxParticipants: number },
  ): Promise<string> {
    const room = await this.client.createRoom({
      name,
      emptyTimeout: o.emptyTimeout,
      departureTimeout: o.departureTimeout,
      maxParticipants: o.maxParticipants,
      metadata: JSON.stringify({ hearingId: o.hearingId }),
    });
    return room.sid;
  }

  async delete(name: string): Promise<void> {
    try {
      await this.client.deleteRoom(name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Who is connected now; none when the room does not exist. */
  async participants(name: string): Promise<RoomParticipant[]> {
    try {
      const list = await this.client.listParticipants(name);
      return list.map((p) => ({
        identity: p.identity,
        sid: p.sid,
        joinedAt:
          p.joinedAtMs > 0n
            ? new Date(Number(p.joinedAtMs))
            : p.joinedAt > 0n
              ? new Date(Number(p.joinedAt) * 1000)
              : null,
      }));
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
  }

  /** Gives a connected participant these rights, the whole set at once (LiveKit replaces it); false if gone. */
  async setRights(name: string, identity: string, rights: RoomRights): Promise<boolean> {
    try {
      await this.client.updateParticipant(name, identity, {
        permission: {
          canPublish: rights.publish.length > 0,
          canPublishSources: rights.publish.map((s) => TRACK_SOURCES[s]),
          canSubscribe: rights.subscribe,
          canPublishData: rights.publishData,
          canUpdateMetadata: false,
          hidden: rights.hidden,
        },
      });
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** Removes a participant for good: tokens issued before `since` stop working too. */
  async removeForGood(name: string, identity: string, since: Date): Promise<void> {
    try {
      await this.client.removeParticipant(name, identity, {
        revokeTokenTs: BigInt(Math.floor(since.getTime() / 1000)),
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
