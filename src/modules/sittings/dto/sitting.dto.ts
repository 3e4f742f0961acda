import { ReasonDto } from '../../../common/http/reason.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { OptionalField } from '../../../common/http/optional-field';
import { toLocalIso, toUtcIso } from '../../../common/time/local-time';
import { Problem } from '../../../common/openapi/problems';
import { HearingConflictResponse, HearingResponse } from '../../hearings/dto/hearing.dto';
import type { HearingKind } from '../../hearings/hearing.entity';
import {
  CourtroomIdField,
  DefendantIdsField,
  DefenseLawyerIdsField,
  JudgeIdField,
  PARTY_DEFAULTS,
  ProsecutorIdField,
} from '../../hearings/dto/party-fields';
import { MAX_DURATION_MINUTES, MIN_DURATION_MINUTES } from '../../hearings/booking-input';
import type { SittingStatus } from '../sitting.entity';
import type { SittingRecord } from '../sittings.repository';

/**
 * A sitting is a court session (every kind but the plea signing), or a concentrated plea signing: the
 * procuratorate's, held without court, courtroom or judge.
 */
export const SITTING_HEARING_KINDS: readonly HearingKind[] = [
  'speedy_trial',
  'arraignment',
  'trial',
  'sentencing',
  'pretrial_conference',
  'plea_signing',
];
/** The fields only a court sitting names, and those only a plea signing names. */
export const COURT_SITTING_FIELDS = ['courtId', 'courtroomId', 'judgeId'] as const;
export const PLEA_SIGNING_FIELDS = ['procuratorateId', 'dutyLawyerId'] as const;
export const MAX_SITTING_CASES = 60;
export const MAX_GAP_MINUTES = 120;

const INSTANT_DESCRIPTION =
  "ISO 8601 with offset or Z, or a local wall-clock time without offset read in the court's zone (the procuratorate's for a plea signing)";

export class SittingCaseDto {
  @ApiProperty({
    format: 'uuid',
    description:
      "A case of the sitting's court, prosecuted by the sitting's prosecutor's procuratorate (a plea signing: a case of its procuratorate)",
  })
  @IsUUID()
  caseId: string;
  @ApiProperty({ minimum: MIN_DURATION_MINUTES, maximum: MAX_DURATION_MINUTES })
  @IsInt()
  @Min(MIN_DURATION_MINUTES)
  @Max(MAX_DURATION_MINUTES)
  durationMinutes: number;
  @DefendantIdsField({ description: PARTY_DEFAULTS.defendantIds }) defendantIds?: string[];
  @DefenseLawyerIdsField({
    description: `${PARTY_DEFAULTS.defenseLawyerIds}; in a plea signing, none of its own: the duty lawyer`,
  })
  defenseLawyerIds?: string[];
}

export class CreateSittingDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The court: required for a court sitting; refused for plea_signing',
  })
  @OptionalField()
  @IsUUID()
  courtId?: string;
  @CourtroomIdField({ description: 'A courtroom of the court: required for a court sitting; refused for plea_signing' })
  courtroomId?: string;
  @JudgeIdField({ description: 'A judge of the court: required for a court sitting; refused for plea_signing' })
  judgeId?: string;
  @ProsecutorIdField({
    presence: 'required',
    description: 'The prosecutor of every hearing (a plea signing: a prosecutor of its procuratorate)',
  })
  prosecutorId: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'plea_signing only (required there): the procuratorate whose cases are signed',
  })
  @OptionalField()
  @IsUUID()
  procuratorateId?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'plea_signing only: the duty lawyer (值班律师, an active lawyer) who attends every case with no lawyer of ' +
      'its own; required when there is such a case',
  })
  @OptionalField()
  @IsUUID()
  dutyLawyerId?: string;
  @ApiProperty({
    description: `Start of the window to fill. ${INSTANT_DESCRIPTION}`,
    example: '2026-12-07T08:30:00+08:00',
  })
  @IsString()
  @MaxLength(40)
  startsAt: string;
  @ApiProperty({
    description: `End of the window (at most 24 hours after startsAt). ${INSTANT_DESCRIPTION}`,
    example: '2026-12-07T12:00:00+08:00',
  })
  @IsString()
  @MaxLength(40)
  endsAt: string;
  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_GAP_MINUTES,
    default: 0,
    description: 'Minutes between two hearings',
  })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(MAX_GAP_MINUTES)
  gapMinutes?: number;
  @ApiPropertyOptional({ enum: SITTING_HEARING_KINDS, default: 'speedy_trial' })
  @OptionalField()
  @IsIn(SITTING_HEARING_KINDS)
  kind?: HearingKind;
  @ApiProperty({ type: [SittingCaseDto], minItems: 1, maxItems: MAX_SITTING_CASES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SITTING_CASES)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => SittingCaseDto)
  cases: SittingCaseDto[];
  @ApiPropertyOptional({ default: false, description: 'true: answer the plan (200) and write nothing' })
  @OptionalField()
  @IsBoolean()
  dryRun?: boolean;
}

export class CancelSittingDto extends ReasonDto {}

export class UnscheduledCaseResponse {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: ['LONGER_THAN_WINDOW', 'OUTSIDE_HOURS', 'PARTY_BUSY', 'NO_VIDEO_ROOM', 'WINDOW_FULL'] })
  code: string;
  @ApiProperty({ example: 'it fits the window on its own but not after the other 12 case(s) of the sitting' })
  reason: string;
}

/** A hearing of a dry run: what would be booked. */
export class PlannedHearingResponse {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() kind: string;
  @ApiProperty({ example: '2026-12-07T00:30:00Z' }) startsAt: string;
  @ApiProperty({ example: '2026-12-07T00:45:00Z' }) endsAt: string;
  @ApiProperty({ example: '2026-12-07T08:30:00+08:00' }) localStartsAt: string;
  @ApiProperty({ example: '2026-12-07T08:45:00+08:00' }) localEndsAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for a plea signing' })
  courtroomId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for a plea signing' })
  judgeId: string | null;
  @ApiProperty({ format: 'uuid' }) prosecutorId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) videoRoomId: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) defendantIds: string[];
  @ApiProperty({ type: [String], format: 'uuid' }) defenseLawyerIds: string[];
}

class SittingSummary {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for a plea signing' })
  courtId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for a plea signing' })
  courtroomId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for a plea signing' })
  judgeId: string | null;
  @ApiProperty({ format: 'uuid' }) prosecutorId: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: "A plea signing's; null for a court sitting",
  })
  procuratorateId: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: "A plea signing's duty lawyer; null for a court sitting or a plea signing without one",
  })
  dutyLawyerId: string | null;
  @ApiProperty({ enum: SITTING_HEARING_KINDS }) kind: HearingKind;
  @ApiProperty({ example: 'Asia/Shanghai', description: "The court's zone (the procuratorate's for a plea signing)" })
  timeZone: string;
  @ApiProperty() windowStartsAt: string;
  @ApiProperty() windowEndsAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'Start of the first hearing; null when no case fits' })
  startsAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'End of the last hearing' }) endsAt: string | null;
  @ApiProperty({ nullable: true, type: String }) localStartsAt: string | null;
  @ApiProperty({ nullable: true, type: String }) localEndsAt: string | null;
  @ApiProperty() gapMinutes: number;
  @ApiProperty({ description: 'From the start of the first hearing to the end of the last' }) spanMinutes: number;
  @ApiProperty({ description: 'Sum of the heard durations and the gaps between them: the span with no idle time' })
  lowerBoundMinutes: number;
  @ApiProperty({ type: [UnscheduledCaseResponse], description: 'Cases that could not fit, with the reason' })
  unscheduled: UnscheduledCaseResponse[];
}

export class SittingPlanResponse extends SittingSummary {
  @ApiProperty({ enum: [true] }) dryRun: true;
  @ApiProperty({ type: [PlannedHearingResponse], description: 'In the order they would be heard' })
  hearings: PlannedHearingResponse[];
}

export class SittingResponse extends SittingSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['scheduled', 'cancelled'] }) status: SittingStatus;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "Free text: null for readers outside the court and the cases' procuratorate",
  })
  cancelReason: string | null;
  @ApiProperty({ type: [HearingResponse], description: 'In the order they are heard' }) hearings: HearingResponse[];
}

/**
 * A sitting as it stands: while it is scheduled, its start, end and span follow its hearings that are still
 * scheduled (a clerk may move or cancel one on its own); otherwise, and in the audit, they are the planned ones.
 */
export function toSittingResponse(s: SittingRecord, timeZone: string, hearings: HearingResponse[]): SittingResponse {
  const live = s.status === 'scheduled' ? hearings.filter((h) => h.status === 'scheduled') : [];
  const startsAt = live.length > 0 ? new Date(Math.min(...live.map((h) => Date.parse(h.startsAt)))) : s.startsAt;
  const endsAt = live.length > 0 ? new Date(Math.max(...live.map((h) => Date.parse(h.endsAt)))) : s.endsAt;
  return {
    id: s.id,
    status: s.status,
    courtId: s.courtId,
    courtroomId: s.courtroomId,
    judgeId: s.judgeId,
    prosecutorId: s.prosecutorId,
    procuratorateId: s.procuratorateId,
    dutyLawyerId: s.dutyLawyerId,
    kind: s.hearingKind,
    timeZone,
    windowStartsAt: toUtcIso(s.windowStartsAt),
    windowEndsAt: toUtcIso(s.windowEndsAt),
    startsAt: startsAt ? toUtcIso(startsAt) : null,
    endsAt: endsAt ? toUtcIso(endsAt) : null,
    localStartsAt: startsAt ? toLocalIso(startsAt, timeZone) : null,
    localEndsAt: endsAt ? toLocalIso(endsAt, timeZone) : null,
    gapMinutes: s.gapMinutes,
    spanMinutes: startsAt && endsAt ? Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000) : 0,
    lowerBoundMinutes: s.lowerBoundMinutes ?? 0,
    unscheduled: s.unscheduled.map((u) => ({ caseId: u.caseId, code: u.code, reason: u.reason })),
    cancelReason: s.cancelReason,
    hearings,
  };
}

/** What the audit log keeps of a sitting: ids, times and the plan's outcome (no personal data). */
export function sittingAuditSnapshot(s: SittingRecord, hearingIds: string[]): Record<string, unknown> {
  return {
    courtId: s.courtId,
    courtroomId: s.courtroomId,
    judgeId: s.judgeId,
    prosecutorId: s.prosecutorId,
    procuratorateId: s.procuratorateId,
    dutyLawyerId: s.dutyLawyerId,
    kind: s.hearingKind,
    windowStartsAt: s.windowStartsAt.toISOString(),
    windowEndsAt: s.windowEndsAt.toISOString(),
    startsAt: s.startsAt?.toISOString() ?? null,
    endsAt: s.endsAt?.toISOString() ?? null,
    gapMinutes: s.gapMinutes,
    lowerBoundMinutes: s.lowerBoundMinutes,
    hearingIds,
    unscheduled: s.unscheduled.map((u) => ({ caseId: u.caseId, code: u.code })),
    status: s.status,
    cancelReason: s.cancelReason,
  };
}

/** 409 SITTING_CLASH: a booking made meanwhile took a person or room of one case's hearing; nothing was written. */
export class SittingClashProblem extends Problem {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: [HearingConflictResponse] }) conflicts: HearingConflictResponse[];
}

/** 422 SITTING_EMPTY: no case fits the window; each one's reason. */
export class SittingEmptyProblem extends Problem {
  @ApiProperty({ type: [UnscheduledCaseResponse] }) unscheduled: UnscheduledCaseResponse[];
}
