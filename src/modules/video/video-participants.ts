import type { Actor } from '../../common/http/request-context';
import type { VideoRole } from './video-grants';

/*
 * Who joins a hearing's room, and as what. Only the people of the hearing: its judge, a clerk of the case's court,
 * its prosecutor, a defense lawyer of the hearing (a duty lawyer of a plea signing is one of them), and a detention
 * officer of the center that holds the hearing's video room (the defendant is brought to that room; the officer's
 * device is the room's). Admins do not join, nor does anyone else who may see the hearing. A plea signing has no
 * judge and no court: its clerk does not join either.
 *
 * Who runs the hearing's live state: its judge and the court's clerks; in a plea signing, its prosecutor.
 */

/** What these rules read of a hearing. */
export interface HearingPeople {
  kind: string;
  courtId: string;
  judgeId: string | null;
  prosecutorId: string | null;
  defenseLawyerIds: readonly string[];
  /** The detention center of the hearing's video room, if it has one. */
  videoRoomCenterId: string | null;
}

export type JoinAs = { role: VideoRole } | { refused: string };

export function joinAs(actor: Actor, h: HearingPeople): JoinAs {
  const court = h.kind !== 'plea_signing';
  switch (actor.role) {
    case 'judge':
      if (actor.id === h.judgeId) return { role: 'judge' };
      return { refused: 'Only the judge of the hearing joins it as a judge' };
    case 'clerk':
      if (court && actor.organizationId === h.courtId) return { role: 'clerk' };
      return {
        refused: court ? "Only a clerk of the case's court joins its hearings" : 'Clerks do not join a plea signing',
      };
    case 'prosecutor':
      if (actor.id === h.prosecutorId) return { role: 'prosecutor' };
      return { refused: 'Only the prosecutor of the hearing joins it' };
    case 'lawyer':
      if (h.defenseLawyerIds.includes(actor.id)) return { role: 'defense_lawyer' };
      return { refused: 'Only the defense lawyers of the hearing join it' };
    case 'detention_officer':
      if (h.videoRoomCenterId !== null && actor.organizationId === h.videoRoomCenterId)
        return { role: 'detention_center' };
      return { refused: "Only officers of the center that holds the hearing's video room join it" };
    case 'admin':
      return { refused: 'Admins do not join hearings' };
    default:
      return { refused: 'You do not take part in this hearing' };
  }
}

/** Whether the actor runs the hearing's live state (start, pause, resume, suspend, close). */
export function mayControlLive(actor: Actor, h: HearingPeople): boolean {
  if (h.kind === 'plea_signing') return actor.role === 'prosecutor' && actor.id === h.prosecutorId;
  if (actor.role === 'judge') return actor.id === h.judgeId;
  return actor.role === 'clerk' && actor.organizationId === h.courtId;
}

/** The roles a join link invites as. */
export type InvitationRole = Exclude<VideoRole, 'judge' | 'clerk'>;
export const INVITATION_ROLES: readonly InvitationRole[] = [
  'defense_lawyer',
  'prosecutor',
  'detention_center',
  'interpreter',
  'observer',
];

/** Who sends a hearing's join links: a clerk of the court; for a plea signing, its prosecutor. */
export function mayInvite(actor: Actor, h: HearingPeople): boolean {
  if (h.kind === 'plea_signing') return actor.role === 'prosecutor' && actor.id === h.prosecutorId;
  return actor.role === 'clerk' && actor.organizationId === h.courtId;
}

/** The account an invitation as `role` may name: a lawyer for a defense lawyer, and so on; anyone to interpret or observe. */
export function inviteeFits(role: InvitationRole, userRole: string): boolean {
  switch (role) {
    case 'defense_lawyer':
      return userRole === 'lawyer';
    case 'prosecutor':
      return userRole === 'prosecutor';
    case 'detention_center':
      return userRole === 'detention_officer';
    default:
      return userRole !== 'admin';
  }
}
