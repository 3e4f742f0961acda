import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type {
  DecisionKind,
  LeniencyActionName,
  LeniencyState,
  Penalty,
  Procedure,
  ProposalKind,
} from './leniency-transitions';

/** Who witnessed the affidavit: the defendant's own defense lawyer in the case, or a duty lawyer (值班律师). */
export type WitnessRole = 'defense_lawyer' | 'duty_lawyer';

/** The plea-leniency record of one defendant in one case (migrations/1764500900000-LeniencyRecords.ts). */
@Entity('leniency_records')
export class LeniencyRecordRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'defendant_id' }) defendantId: string;
  @Column('text', { default: 'open' }) state: LeniencyState;
  @Column('timestamptz', { name: 'informed_at', nullable: true }) informedAt: Date | null;
  @Column('timestamptz', { name: 'accepted_at', nullable: true }) acceptedAt: Date | null;
  @Column('timestamptz', { name: 'affidavit_signed_at', nullable: true }) affidavitSignedAt: Date | null;
  @Column('uuid', { name: 'affidavit_witness_lawyer_id', nullable: true }) affidavitWitnessLawyerId: string | null;
  @Column('text', { name: 'affidavit_witness_role', nullable: true }) affidavitWitnessRole: WitnessRole | null;
  @Column('text', { name: 'affidavit_procedure', nullable: true }) affidavitProcedure: Procedure | null;
  @Column('uuid', { name: 'affidavit_hearing_id', nullable: true }) affidavitHearingId: string | null;
  @Column('timestamptz', { name: 'proposed_at', nullable: true }) proposedAt: Date | null;
  @Column('text', { name: 'proposal_kind', nullable: true }) proposalKind: ProposalKind | null;
  @Column('integer', { name: 'proposal_count', default: 0 }) proposalCount: number;
  @Column('timestamptz', { name: 'concluded_at', nullable: true }) concludedAt: Date | null;
  @Column('boolean', { name: 'leniency_applied', nullable: true }) leniencyApplied: boolean | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column('text', { nullable: true }) decision: DecisionKind | null;
  @Column('integer', { name: 'sentence_months', nullable: true }) sentenceMonths: number | null;
  @Column('boolean', { name: 'sentence_probation', nullable: true }) sentenceProbation: boolean | null;
  @Column('uuid', { name: 'decision_hearing_id', nullable: true }) decisionHearingId: string | null;
  @Column('timestamptz', { name: 'withdrawn_at', nullable: true }) withdrawnAt: Date | null;
  @Column('text', { name: 'withdrawal_reason', nullable: true }) withdrawalReason: string | null;
  /**
   * The case's organizations and prosecutor: stamped from the case when the record is created, kept equal to the
   * case's until the conclusion, then those of the conclusion (triggers, migrations/1764501200000-*).
   */
  @Column('uuid', { name: 'procuratorate_id' }) procuratorateId: string;
  @Column('uuid', { name: 'court_id' }) courtId: string;
  @Column('uuid', { name: 'prosecutor_id' }) prosecutorId: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}

/** One sentencing proposal (量刑建议) of a record, in the order made; the last one is in force. */
@Entity('leniency_proposals')
export class LeniencyProposalRow {
  @PrimaryColumn('uuid', { name: 'record_id' }) recordId: string;
  @PrimaryColumn('integer') position: number;
  @Column('text') kind: ProposalKind;
  @Column('text') penalty: Penalty;
  @Column('integer', { name: 'term_months', nullable: true }) termMonths: number | null;
  @Column('integer', { name: 'min_months', nullable: true }) minMonths: number | null;
  @Column('integer', { name: 'max_months', nullable: true }) maxMonths: number | null;
  @Column('boolean') probation: boolean;
  @Column('integer', { name: 'fine_yuan', nullable: true }) fineYuan: number | null;
  @Column('timestamptz', { name: 'proposed_at' }) proposedAt: Date;
  @Column('uuid', { name: 'proposed_by' }) proposedBy: string;
  @Column('timestamptz', { name: 'recorded_at', default: () => 'now()' }) recordedAt: Date;
}

/** One step of a record's history (append-only): who recorded which action, when, with what. */
@Entity('leniency_steps')
export class LeniencyStepRow {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('uuid', { name: 'record_id' }) recordId: string;
  @Column('text') action: LeniencyActionName;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('timestamptz', { name: 'recorded_at', default: () => 'clock_timestamp()' }) recordedAt: Date;
  @Column('jsonb') payload: Record<string, unknown>;
}
