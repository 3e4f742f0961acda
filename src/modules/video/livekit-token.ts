import { AccessToken, TrackSource, type VideoGrant } from 'livekit-server-sdk';
import type { RoomRights, TrackSourceName, VideoRole } from './video-grants';

/** A video token's lifetime: short, since a connected client gets refreshed tokens from the LiveKit server. */
export const VIDEO_TOKEN_TTL_SECONDS = 600;

/** Our names of track sources as the SDK's enum. */
export const TRACK_SOURCES: Readonly<Record<TrackSourceName, TrackSource>> = {
  camera: TrackSource.CAMERA,
  microphone: TrackSource.MICROPHONE,
  screen_share: TrackSource.SCREEN_SHARE,
  screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO,
};

/**
 * The LiveKit grant of these rights in this room, every field spelled out: nothing left to the SDK's permissive
 * defaults (an unset canPublish/canSubscribe is true; an empty canPublishSources allows every source).
 */
export function videoGrant(roomName: string, rights: RoomRights): VideoGrant {
  return {
    room: roomName,
    roomJoin: true,
    roomAdmin: rights.roomAdmin,
    roomCreate: false,
    roomList: false,
    roomRecord: false,
    ingressAdmin: false,
    canPublish: rights.publish.length > 0,
    canPublishSources: rights.publish.map((s) => TRACK_SOURCES[s]),
    canSubscribe: rights.subscribe,
    canPublishData: rights.publishData,
    canUpdateOwnMetadata: false,
    hidden: rights.hidden,
    recorder: false,
    agent: false,
  };
}

export interface TokenRequest {
  apiKey: string;
  apiSecret: string;
  roomName: string;
  identity: string;
  name: string;
  role: VideoRole;
  rights: RoomRights;
}

/** A join token (HS256, `nbf` now) and when it expires (its own `exp` claim, as LiveKit will read it). */
export async function mintVideoToken(r: TokenRequest): Promise<{ token: string; expiresAt: Date }> {
  const at = new AccessToken(r.apiKey, r.apiSecret, {
    identity: r.identity,
    name: r.name,
    attributes: { role: r.role },
    ttl: VIDEO_TOKEN_TTL_SECONDS,
  });
  at.addGrant(videoGrant(r.roomName, r.rights));
  const token = await at.toJwt();
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp: number };
  return { token, expiresAt: new Date(claims.exp * 1000) };
}
