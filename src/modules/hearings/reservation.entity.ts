import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ResourceType = 'courtroom' | 'judge' | 'prosecutor' | 'defense_lawyer' | 'defendant' | 'video_room';
export const RESOURCE_TYPES: readonly ResourceType[] = [
  'courtroom',
  'judge',
  'prosecutor',
  'defense_lawyer',
  'defendant',
  'video_room',
];

/**
 * One person or room held by one hearing for a half-open range. The exclusion constraint
 * `reservations_no_overlap` (resource_id WITH =, during WITH &&) is what makes double-booking impossible.
 */
@Entity('reservations')
export class Reservation {
  @PrimaryColumn('uuid', { name: 'hearing_id' }) hearingId: string;
  @PrimaryColumn('text', { name: 'resource_type' }) resourceType: ResourceType;
  @PrimaryColumn('uuid', { name: 'resource_id' }) resourceId: string;
  /** tstzrange '[start,end)'; read and written through SQL in HearingsRepository. */
  @Column('tstzrange') during: string;
}

/** A stored answer to a request sent with an Idempotency-Key, per actor and scope. */
@Entity('idempotency_keys')
export class IdempotencyKey {
  @PrimaryColumn('uuid', { name: 'actor_id' }) actorId: string;
  @PrimaryColumn('text') scope: string;
  @PrimaryColumn('text') key: string;
  @Column('text', { name: 'request_hash' }) requestHash: string;
  @Column('integer', { name: 'response_status' }) responseStatus: number;
  @Column('jsonb', { name: 'response_body' }) responseBody: unknown;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
}
