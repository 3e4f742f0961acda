import type { LiveState } from './live-transitions';

/*
 * What each participant of a hearing may do in its LiveKit room, spelled out for every role: never the SDK's
 * permissive defaults (an unset `canPublish`/`canSubscribe` is true, an empty `canPublishSources` allows every
 * source, `canPublishData` follows `canPublish`). ../shared/LIVEKIT.md lists those traps.
 *
 * A role's rights apply while the hearing is in session. Before it starts and while it is paused, everyone but the
 * judge and the clerk (the prosecutor, in a plea signing) waits in the same room with no right to publish or subscribe (the waiting room needs no second
 * room): `start` and `resume` give each participant their role's rights (`updateParticipant` with the whole set),
 * `pause` takes them back.
 */

export type VideoRole =
  'judge' | 'clerk' | 'prosecutor' | 'defense_lawyer' | 'detention_center' | 'interpreter' | 'observer';
export const VIDEO_ROLES: readonly VideoRole[] = [
  'judge',
  'clerk',
  'prosecutor',
  'defense_lawyer',
  'detention_center',
  'interpreter',
  'observer',
];

/** A track source as LiveKit names it in a token's `canPublishSources`. */
export type TrackSourceName = 'camera' | 'microphone' | 'screen_share' | 'screen_share_audio';

/** The whole set of a participant's rights in the room, every field set. */
export interface RoomRights {
  /** Moderate the room: mute, remove, update others. */
  roomAdmin: boolean;
  /** The sources they may publish; empty means nothing (never "everything", as LiveKit would read it). */
  publish: readonly TrackSourceName[];
  subscribe: boolean;
  publishData: boolean;
  /** Not shown to the others. */
  hidden: boolean;
}

const NOTHING: RoomRights = { roomAdmin: false, publish: [], subscribe: false, publishData: false, hidden: false };

/** The rights of each role while the hearing is in session. */
export const SESSION_RIGHTS: Readonly<Record<VideoRole, RoomRights>> = {
  judge: {
    roomAdmin: true,
    publish: ['camera', 'microphone', 'screen_share'],
    subscribe: true,
    publishData: true,
    hidden: false,
  },
  // The clerk shows evidence (screen share) and speaks, but is not on camera.
  clerk: {
    roomAdmin: true,
    publish: ['microphone', 'screen_share'],
    subscribe: true,
    publishData: false,
    hidden: false,
  },
  prosecutor: { ...NOTHING, publish: ['camera', 'microphone'], subscribe: true },
  defense_lawyer: { ...NOTHING, publish: ['camera', 'microphone'], subscribe: true },
  detention_center: { ...NOTHING, publish: ['camera', 'microphone'], subscribe: true },
  interpreter: { ...NOTHING, publish: ['microphone'], subscribe: true },
  observer: { ...NOTHING, subscribe: true, hidden: true },
};

/** The kinds of hearing whose room a prosecutor runs (no judge, no court): the concentrated plea signings. */
const PROSECUTOR_PRESIDES = new Set(['plea_signing']);

/**
 * Who runs the room and keeps their rights in the waiting room: the judge and the clerk; in a plea signing,
 * which has neither, the prosecutor (with room admin, to mute and admit).
 */
export function moderates(role: VideoRole, kind: string): boolean {
  return PROSECUTOR_PRESIDES.has(kind) ? role === 'prosecutor' : role === 'judge' || role === 'clerk';
}

/** The roles that run this kind of hearing's room. */
export function moderatorRoles(kind: string): VideoRole[] {
  return VIDEO_ROLES.filter((role) => moderates(role, kind));
}

/** A role's rights in session in this kind of hearing. */
export function sessionRights(role: VideoRole, kind: string): RoomRights {
  const rights = SESSION_RIGHTS[role];
  return role === 'prosecutor' && PROSECUTOR_PRESIDES.has(kind) ? { ...rights, roomAdmin: true } : rights;
}

/**
 * The rights a participant has in the hearing's live state: the role's rights in session; in the waiting room
 * (not started, paused) nothing but being there, except for the moderators. Suspended (technical help needed) keeps
 * the session's rights, so people can still talk through the problem. Closed: nothing.
 */
export function rightsFor(role: VideoRole, state: LiveState, kind: string): RoomRights {
  const session = sessionRights(role, kind);
  switch (state) {
    case 'in_session':
    case 'suspended':
      return session;
    case 'not_started':
    case 'paused':
      return moderates(role, kind) ? session : { ...NOTHING, hidden: session.hidden };
    case 'closed':
      return { ...NOTHING, hidden: session.hidden };
  }
}

/** Whether a participant with these rights is waiting (present, but may neither publish nor subscribe). */
export function isWaiting(rights: RoomRights): boolean {
  return rights.publish.length === 0 && !rights.subscribe;
}

/**
 * The consultation room (a separate room, before the start and in a pause): the defense lawyer and the detention
 * center's video room only, talking in private with camera and microphone. Nobody moderates it, nobody records it.
 */
export const CONSULTS: ReadonlySet<VideoRole> = new Set(['defense_lawyer', 'detention_center']);
export const CONSULTATION_RIGHTS: RoomRights = {
  roomAdmin: false,
  publish: ['camera', 'microphone'],
  subscribe: true,
  publishData: false,
  hidden: false,
};
