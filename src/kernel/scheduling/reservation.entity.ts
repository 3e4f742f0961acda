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
 * Declares the schema only: read and written through SQL in ReservationsRepository.
 */
@Entity('reservations')
export class Reservation {
  @PrimaryColumn('uuid', { name: 'hearing_id' }) hearingId: string;
  @PrimaryColumn('text', { name: 'resource_type' }) resourceType: ResourceType;
  @PrimaryColumn('uuid', { name: 'resource_id' }) resourceId: string;
  /** tstzrange '[start,end)'. */
  @Column('tstzrange') during: string;
}
