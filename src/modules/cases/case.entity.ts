import { Column, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { CaseDefendant } from './case-defendant.entity';

export type Procedure = 'speedy' | 'summary' | 'ordinary';
export const PROCEDURES: readonly Procedure[] = ['speedy', 'summary', 'ordinary'];

@Entity('cases')
export class Case {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { name: 'case_number' }) caseNumber: string;
  @Column('uuid', { name: 'court_id' }) courtId: string;
  @Column('uuid', { name: 'procuratorate_id' }) procuratorateId: string;
  @Column('uuid', { name: 'prosecutor_id' }) prosecutorId: string;
  @Column('text') procedure: Procedure;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
  @OneToMany(() => CaseDefendant, (d) => d.case) defendants?: CaseDefendant[];
}
