import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Defendant } from '../directory/defendant.entity';
import { Case } from './case.entity';

/** A defendant in a case, with their defense lawyer and charges. */
@Entity('case_defendants')
export class CaseDefendant {
  @PrimaryColumn('uuid', { name: 'case_id' }) caseId: string;
  @PrimaryColumn('uuid', { name: 'defendant_id' }) defendantId: string;
  @Column('uuid', { name: 'defense_lawyer_id', nullable: true }) defenseLawyerId: string | null;
  @Column('text', { array: true, default: () => "'{}'" }) charges: string[];
  @Column('timestamptz', { name: 'added_at', default: () => 'now()' }) addedAt: Date;
  @ManyToOne(() => Case, (c) => c.defendants, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Case;
  @ManyToOne(() => Defendant)
  @JoinColumn({ name: 'defendant_id' })
  defendant?: Defendant;
}
