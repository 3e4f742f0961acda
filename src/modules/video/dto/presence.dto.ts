import { ApiProperty } from '@nestjs/swagger';
import { VIDEO_ROLES, type VideoRole } from '../video-grants';
import type { PresenceStatus } from '../presence';

const STATUSES: PresenceStatus[] = ['not_joined', 'waiting', 'in_hearing', 'in_consultation', 'disconnected'];

export class ParticipantPresenceResponse {
  @ApiProperty({ enum: VIDEO_ROLES }) role: VideoRole;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'Null for the detention center room' })
  userId: string | null;
  @ApiProperty({ type: 'string', nullable: true }) name: string | null;
  @ApiProperty({ enum: STATUSES }) status: PresenceStatus;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'Since when the status holds' })
  since: string | null;
}

export class AttendanceResponse {
  @ApiProperty({ description: 'The opaque LiveKit identity' }) identity: string;
  @ApiProperty({ enum: VIDEO_ROLES, nullable: true, description: 'Null for an identity the service never issued' })
  role: VideoRole | null;
  @ApiProperty({ type: 'string', nullable: true }) name: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) joinedAt: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'Null while connected' })
  leftAt: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Length of the connection (to now while open)' })
  seconds: number | null;
}

export class WebhookReceiptResponse {
  @ApiProperty({ description: 'True when the event had been received before (nothing changed)' }) duplicate: boolean;
}
