import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { HearingKind } from '../hearings/hearing.entity';
import type { UnscheduledCode } from './sitting-planner';

export type SittingStatus = 'scheduled' | 'cancelled';

/** A case the planner could not fit into the sitting, and why. */
export interface UnscheduledCaseRecord {
  caseId: string;
  code: UnscheduledCode;
  reason: string;
}

/**
 * A concentrated sitting (三集中): one judge, one courtroom and one prosecutor hearing many cases back to back, or
 * (kind plea_signing) one prosecutor and a duty lawyer signing many plea affidavits back to back.
 * Its hearings point to it through hearings.sitting_id.
 */
@Entity('sittings')
export class Sitting {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Null for a plea signing (the procuratorate's, held without court, courtroom or judge). */
  @Column('uuid', { name: 'court_id', nullable: true }) courtId: string | null;
  @Column('uuid', { name: 'courtroom_id', nullable: true }) courtroomId: string | null;
  @Column('uuid', { name: 'judge_id', nullable: true }) judgeId: string | null;
  @Column('uuid', { name: 'prosecutor_id' }) prosecutorId: string;
  /** A plea signing's procuratorate; null for a court sitting. */
  @Column('uuid', { name: 'procuratorate_id', nullable: true }) procuratorateId: string | null;
  /** A plea signing's duty lawyer (值班律师), attending the cases with no lawyer of their own; null if none. */
  @Column('uuid', { name: 'duty_lawyer_id', nullable: true }) dutyLawyerId: string | null;
  /** The window the clerk asked to fill. */
  @Column('timestamptz', { name: 'window_starts_at' }) windowStartsAt: Date;
  @Column('timestamptz', { name: 'window_ends_at' }) windowEndsAt: Date;
  /** From the start of the first hearing to the end of the last, as planned; null when nothing could be heard. */
  @Column('timestamptz', { name: 'starts_at', nullable: true }) startsAt: Date | null;
  @Column('timestamptz', { name: 'ends_at', nullable: true }) endsAt: Date | null;
  @Column('integer', { name: 'gap_minutes', default: 0 }) gapMinutes: number;
  /** Sum of the heard cases' durations and the gaps between them: the span of a plan with no idle time. */
  @Column('integer', { name: 'lower_bound_minutes', nullable: true }) lowerBoundMinutes: number | null;
  @Column('text', { name: 'hearing_kind', default: 'speedy_trial' }) hearingKind: HearingKind;
  @Column('jsonb', { default: () => "'[]'" }) unscheduled: UnscheduledCaseRecord[];
  @Column('text', { default: 'scheduled' }) status: SittingStatus;
  @Column('text', { name: 'cancel_reason', nullable: true }) cancelReason: string | null;
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt: Date | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
