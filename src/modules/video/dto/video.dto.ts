import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { LIVE_ACTIONS, LIVE_STATES, type LiveAction, type LiveState } from '../live-transitions';
import { VIDEO_ROLES, type RoomRights, type TrackSourceName, type VideoRole } from '../video-grants';

const SOURCES: TrackSourceName[] = ['camera', 'microphone', 'screen_share', 'screen_share_audio'];

/** The rights a token grants in the room, as LiveKit reads them (every one spelled out). */
export class VideoGrantsResponse {
  @ApiProperty({ description: 'May moderate the room (mute, remove)' }) roomAdmin: boolean;
  @ApiProperty() canPublish: boolean;
  @ApiProperty({ enum: SOURCES, isArray: true, description: 'The only sources they may publish' })
  canPublishSources: TrackSourceName[];
  @ApiProperty() canSubscribe: boolean;
  @ApiProperty() canPublishData: boolean;
  @ApiProperty({ description: 'Not shown to the other participants' }) hidden: boolean;
}

export function toGrantsResponse(r: RoomRights): VideoGrantsResponse {
  return {
    roomAdmin: r.roomAdmin,
    canPublish: r.publish.length > 0,
    canPublishSources: [...r.publish],
    canSubscribe: r.subscribe,
    canPublishData: r.publishData,
    hidden: r.hidden,
  };
}

export class VideoTokenResponse {
  @ApiProperty({ description: 'The LiveKit address browsers connect to (LIVEKIT_PUBLIC_URL)' }) serverUrl: string;
  @ApiProperty({ description: 'The opaque room name of the hearing', example: 'rh_3f9c…' }) roomName: string;
  @ApiProperty({ description: 'Opaque and stable per person and hearing', example: 'p_8d1e…' }) identity: string;
  @ApiProperty({ description: 'The display name the others see' }) name: string;
  @ApiProperty({ description: 'The LiveKit access token (JWT), valid 10 minutes' }) token: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ enum: VIDEO_ROLES }) role: VideoRole;
  @ApiProperty({ enum: LIVE_STATES, description: 'Before the start and in a pause, most participants wait' })
  liveState: LiveState;
  @ApiProperty({ description: 'True when the participant joins the waiting room (no publishing, no subscribing)' })
  waiting: boolean;
  @ApiProperty({ type: VideoGrantsResponse }) grants: VideoGrantsResponse;
}

export class LiveActionDto {
  @ApiProperty({ enum: LIVE_ACTIONS }) @IsIn(LIVE_ACTIONS) action: LiveAction;
}

export class LiveChangeResponse {
  @ApiProperty({ enum: LIVE_ACTIONS }) action: LiveAction;
  @ApiProperty({ enum: LIVE_STATES }) from: LiveState;
  @ApiProperty({ enum: LIVE_STATES }) to: LiveState;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'Null when the service changed it' })
  actorId: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class LiveStateResponse {
  @ApiProperty({ enum: LIVE_STATES }) state: LiveState;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'The actual start' })
  startedAt: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'The actual close' })
  closedAt: string | null;
  @ApiProperty({ enum: LIVE_ACTIONS, isArray: true, description: 'What may follow' }) allowedActions: LiveAction[];
  @ApiProperty({ type: [LiveChangeResponse] }) changes: LiveChangeResponse[];
}

export class VideoRoomResponse {
  @ApiProperty({ enum: ['pending', 'created', 'failed', 'deleted'] }) status: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'Why the last attempt failed' }) lastError: string | null;
}

export class HearingVideoResponse {
  @ApiProperty({ format: 'uuid' }) hearingId: string;
  @ApiProperty({ type: VideoRoomResponse }) videoRoom: VideoRoomResponse;
  @ApiProperty({ type: LiveStateResponse }) live: LiveStateResponse;
  @ApiProperty({ format: 'date-time', description: 'When participants may start to join' }) joinOpensAt: string;
  @ApiProperty({ format: 'date-time', description: 'When the join window closes (or closed)' }) joinClosesAt: string;
}
