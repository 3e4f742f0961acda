import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { HearingConflict } from './hearings.errors';

export type HearingKind =
  'arraignment' | 'plea_signing' | 'speedy_trial' | 'trial' | 'sentencing' | 'pretrial_conference';
export const HEARING_KINDS: readonly HearingKind[] = [
  'arraignment',
  'plea_signing',
  'speedy_trial',
  'trial',
  'sentencing',
  'pretrial_conference',
];
/** `completed`, `adjourned` and `failed` are given by the hearing's outcome; every status but `cancelled` holds its reservations. */
export type HearingStatus = 'scheduled' | 'cancelled' | 'completed' | 'adjourned' | 'failed';
export const HEARING_STATUSES: readonly HearingStatus[] = [
  'scheduled',
  'cancelled',
  'completed',
  'adjourned',
  'failed',
];

/**
 * Why a hearing needs a clerk's attention: a defendant's custody changed (written by the custody trigger, see the
 * CustodyFlagAudit migration), or a case change put a lawyer or prosecutor in the hearing who was busy then
 * (CaseScheduleFollower).
 */
export const ATTENTION_CODES = [
  'DEFENDANT_RELEASED',
  'DEFENDANT_TRANSFERRED',
  'DEFENDANT_DETAINED',
  'LAWYER_BUSY',
  'PROSECUTOR_BUSY',
  'NO_LAWYER',
] as const;
export type AttentionCode = (typeof ATTENTION_CODES)[number];

export interface AttentionReason {
  code: AttentionCode;
  /** The defendant concerned; null for PROSECUTOR_BUSY (the prosecutor is the case's, not a defendant's). */
  defendantId: string | null;
  /** When it happened (UTC, ISO 8601 with milliseconds and Z). */
  at: string;
  /** LAWYER_BUSY, PROSECUTOR_BUSY: the person who could not take the place. */
  personId?: string;
  /** LAWYER_BUSY, PROSECUTOR_BUSY: what holds them then, as a 409 HEARING_CLASH names it. */
  conflicts?: HearingConflict[];
}

/** One remote hearing. Its people and rooms are held by rows in `reservations`. */
@Entity('hearings')
export class Hearing {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'sitting_id', nullable: true }) sittingId: string | null;
  @Column('text') kind: HearingKind;
  @Column('text', { default: 'scheduled' }) status: HearingStatus;
  @Column('timestamptz', { name: 'starts_at' }) startsAt: Date;
  @Column('timestamptz', { name: 'ends_at' }) endsAt: Date;
  /** The court's zone, or the procuratorate's for a plea signing: local times are shown in it. */
  @Column('text', { name: 'time_zone' }) timeZone: string;
  @Column('uuid', { name: 'courtroom_id', nullable: true }) courtroomId: string | null;
  @Column('uuid', { name: 'judge_id', nullable: true }) judgeId: string | null;
  @Column('uuid', { name: 'prosecutor_id', nullable: true }) prosecutorId: string | null;
  @Column('uuid', { name: 'video_room_id', nullable: true }) videoRoomId: string | null;
  @Column('text', { nullable: true }) notes: string | null;
  /** Optimistic concurrency: PATCH needs If-Match with it; every change (custody trigger included) bumps it. */
  @Column('integer', { default: 1 }) version: number;
  @Column('boolean', { name: 'needs_attention', default: false }) needsAttention: boolean;
  @Column('jsonb', { name: 'attention_reasons', default: () => "'[]'" }) attentionReasons: AttentionReason[];
  @Column('text', { name: 'hours_override_reason', nullable: true }) hoursOverrideReason: string | null;
  @Column('text', { name: 'cancel_reason', nullable: true }) cancelReason: string | null;
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt: Date | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}

@Entity('hearing_defendants')
export class HearingDefendant {
  @PrimaryColumn('uuid', { name: 'hearing_id' }) hearingId: string;
  @PrimaryColumn('uuid', { name: 'defendant_id' }) defendantId: string;
}

@Entity('hearing_lawyers')
export class HearingLawyer {
  @PrimaryColumn('uuid', { name: 'hearing_id' }) hearingId: string;
  @PrimaryColumn('uuid', { name: 'lawyer_id' }) lawyerId: string;
}
