import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type RoomKind = 'courtroom' | 'video_room';
export const ROOM_KINDS: readonly RoomKind[] = ['courtroom', 'video_room'];

@Entity('rooms')
export class Room {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'organization_id' }) organizationId: string;
  @Column('text') name: string;
  @Column('text') kind: RoomKind;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}
