import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { LiveAction, LiveState } from './live-transitions';
import type { VideoRole } from './video-grants';

/** Whether the hearing's LiveKit room exists: made by a job before the join window, deleted when it is over. */
export type RoomStatus = 'pending' | 'created' | 'failed' | 'deleted';

/** A hearing's LiveKit room and live state, one per hearing (migration HearingVideo). Declares the schema only. */
@Entity('hearing_video')
export class HearingVideoRow {
  @PrimaryColumn('uuid', { name: 'hearing_id' }) hearingId: string;
  @Column('text', { name: 'room_name', default: () => "opaque_video_name('rh_')" }) roomName: string;
  @Column('text', { name: 'consultation_room_name', default: () => "opaque_video_name('rc_')" })
  consultationRoomName: string;
  @Column('text', { name: 'room_status', default: 'pending' }) roomStatus: RoomStatus;
  @Column('text', { name: 'room_sid', nullable: true }) roomSid: string | null;
  @Column('text', { name: 'room_error', nullable: true }) roomError: string | null;
  @Column('text', { name: 'live_state', default: 'not_started' }) liveState: LiveState;
  @Column('timestamptz', { name: 'live_started_at', nullable: true }) liveStartedAt: Date | null;
  @Column('timestamptz', { name: 'live_closed_at', nullable: true }) liveClosedAt: Date | null;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}

/** One change of a hearing's live state. */
@Entity('hearing_live_changes')
export class HearingLiveChangeRow {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('uuid', { name: 'hearing_id' }) hearingId: string;
  @Column('text') action: LiveAction;
  @Column('text', { name: 'from_state' }) fromState: LiveState;
  @Column('text', { name: 'to_state' }) toState: LiveState;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
}

/** The opaque LiveKit identity of one person in one hearing. */
@Entity('video_identities')
export class VideoIdentityRow {
  @PrimaryColumn('text', { default: () => "opaque_video_name('p_')" }) identity: string;
  @Column('uuid', { name: 'hearing_id' }) hearingId: string;
  @Column('uuid', { name: 'user_id', nullable: true }) userId: string | null;
  @Column('uuid', { name: 'invitation_id', nullable: true }) invitationId: string | null;
  @Column('text') role: VideoRole;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}

/** One LiveKit webhook event, kept once (migration VideoPresence). */
@Entity('livekit_events')
export class LivekitEventRow {
  @PrimaryColumn('text') id: string;
  @Column('text') event: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'received_at', default: () => 'now()' }) receivedAt: Date;
  @Column('text', { name: 'room_name', nullable: true }) roomName: string | null;
  @Column('uuid', { name: 'hearing_id', nullable: true }) hearingId: string | null;
  @Column('text', { nullable: true }) identity: string | null;
  @Column('text', { name: 'participant_sid', nullable: true }) participantSid: string | null;
}

/** One connection of one participant to a hearing's room. */
@Entity('video_sessions')
export class VideoSessionRow {
  @PrimaryColumn('text', { name: 'participant_sid' }) participantSid: string;
  @Column('uuid', { name: 'hearing_id' }) hearingId: string;
  @Column('text') identity: string;
  @Column('text', { name: 'room_name' }) roomName: string;
  @Column('timestamptz', { name: 'joined_at', nullable: true }) joinedAt: Date | null;
  @Column('timestamptz', { name: 'left_at', nullable: true }) leftAt: Date | null;
}

/** A join link to a hearing's room (migration Invitations): its code kept only as a hash. */
@Entity('hearing_invitations')
export class HearingInvitationRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'hearing_id' }) hearingId: string;
  @Column('text') role: VideoRole;
  @Column('uuid', { name: 'user_id', nullable: true }) userId: string | null;
  @Column('text', { nullable: true }) name: string | null;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text', { name: 'code_hash' }) codeHash: string;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @Column('uuid', { name: 'revoked_by', nullable: true }) revokedBy: string | null;
  @Column('timestamptz', { name: 'erased_at', nullable: true }) erasedAt: Date | null;
}
