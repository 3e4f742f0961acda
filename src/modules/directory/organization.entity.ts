import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type OrganizationKind = 'court' | 'procuratorate' | 'detention_center' | 'law_firm';
export const ORGANIZATION_KINDS: readonly OrganizationKind[] = [
  'court',
  'procuratorate',
  'detention_center',
  'law_firm',
];

@Entity('organizations')
export class Organization {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') kind: OrganizationKind;
  @Column('text') name: string;
  /** IANA time zone, e.g. Asia/Shanghai: every local time of this organization is read in it. */
  @Column('text', { name: 'time_zone' }) timeZone: string;
  /** Detention centers: minutes a video room is held before and after a hearing to escort the defendant. */
  @Column('integer', { name: 'escort_buffer_minutes', default: 10 }) escortBufferMinutes: number;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
