import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OutcomeResult } from './outcome-status';

/** A hearing's outcome: one per hearing (migration HearingOutcomes). Declares the schema only. */
@Entity('hearing_outcomes')
export class HearingOutcomeRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'hearing_id', unique: true }) hearingId: string;
  @Column('text') result: OutcomeResult;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt: Date | null;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt: Date | null;
  @Column('text', { nullable: true }) notes: string | null;
  @Column('uuid', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at', default: () => 'now()' }) recordedAt: Date;
  @Column('text', { name: 'corrected_reason', nullable: true }) correctedReason: string | null;
  @Column('uuid', { name: 'corrected_by', nullable: true }) correctedBy: string | null;
  @Column('timestamptz', { name: 'corrected_at', nullable: true }) correctedAt: Date | null;
  @Column('uuid', { name: 'follow_up_hearing_id', nullable: true }) followUpHearingId: string | null;
}
