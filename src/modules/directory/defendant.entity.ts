import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type CustodyStatus = 'detained' | 'released';
export const CUSTODY_STATUSES: readonly CustodyStatus[] = ['detained', 'released'];

/** A person accused in a case. Not a user of the service. Name and id number are personal data. */
@Entity('defendants')
export class Defendant {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { name: 'id_number', nullable: true }) idNumber: string | null;
  @Column('uuid', { name: 'detention_center_id' }) detentionCenterId: string;
  @Column('text', { name: 'custody_status', default: 'detained' }) custodyStatus: CustodyStatus;
  /** The organization whose member registered the defendant: it may see them even before they are in a case. */
  @Column('uuid', { name: 'registered_by_organization_id', nullable: true }) registeredByOrganizationId: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
