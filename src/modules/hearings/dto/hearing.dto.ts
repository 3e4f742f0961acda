import { ReasonDto } from '../../../common/http/reason.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { OptionalField } from '../../../common/http/optional-field';
import { Problem } from '../../../common/openapi/problems';
import { toLocalIso, toUtcIso } from '../../../common/time/local-time';
import { AuditEntry } from '../../audit/audit-entry.entity';
import {
  ATTENTION_CODES,
  HEARING_KINDS,
  HEARING_STATUSES,
  type AttentionCode,
  type AttentionReason,
  type HearingKind,
  type HearingStatus,
} from '../hearing.entity';
import { MAX_DURATION_MINUTES, MIN_DURATION_MINUTES } from '../booking-input';
import type { HearingRecord } from '../hearings.repository';
import { RESOURCE_TYPES, type ResourceType } from '../../../kernel/scheduling/reservation.entity';
import {
  CourtroomIdField,
  DefendantIdsField,
  DefenseLawyerIdsField,
  JudgeIdField,
  PARTY_DEFAULTS,
  ProsecutorIdField,
  VideoRoomIdField,
} from './party-fields';

const STARTS_AT_DESCRIPTION =
  'ISO 8601 with offset or Z ("2026-12-07T09:00:00+08:00"), or a local wall-clock time without offset ' +
  "(\"2026-12-07T09:00\") read in the hearing's zone (the court's; the procuratorate's for a plea signing). " +
  'A local time skipped or repeated by a daylight-saving change is refused (400).';

/** Why the hearing may fall outside opening hours (audited). */
export class HoursOverrideDto extends ReasonDto {}

/** Why a hearing is recorded as starting in the past (audited): it was held without the service. */
export class BackfillDto extends ReasonDto {}

const BACKFILL_DESCRIPTION =
  'Clerk or admin: record a hearing that starts in the past (it was held without the service); without it a start ' +
  'before now is refused with 422 STARTS_IN_PAST, and with it a start that is not in the past is refused (400). ' +
  'The reason is kept in the audit log.';

export class CreateHearingDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() caseId: string;
  @ApiProperty({ enum: HEARING_KINDS }) @IsIn(HEARING_KINDS) kind: HearingKind;
  @ApiProperty({ description: STARTS_AT_DESCRIPTION, example: '2026-12-07T09:00:00+08:00' })
  @IsString()
  @MaxLength(40)
  startsAt: string;
  @ApiProperty({ minimum: MIN_DURATION_MINUTES, maximum: MAX_DURATION_MINUTES })
  @IsInt()
  @Min(MIN_DURATION_MINUTES)
  @Max(MAX_DURATION_MINUTES)
  durationMinutes: number;
  @CourtroomIdField({ description: "A courtroom of the case's court; required except for plea_signing" })
  courtroomId?: string;
  @JudgeIdField({ description: "A judge of the case's court; required except for plea_signing" })
  judgeId?: string;
  @ProsecutorIdField({ description: PARTY_DEFAULTS.prosecutorId }) prosecutorId?: string;
  @DefenseLawyerIdsField({ description: PARTY_DEFAULTS.defenseLawyerIds }) defenseLawyerIds?: string[];
  @DefendantIdsField({ description: PARTY_DEFAULTS.defendantIds }) defendantIds?: string[];
  @VideoRoomIdField({
    description: "A video room of the detained defendants' center. Default: the first free one by name",
  })
  videoRoomId?: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @OptionalField() @IsString() @MaxLength(2000) notes?: string;
  @ApiPropertyOptional({ type: HoursOverrideDto, description: 'Clerk or admin: book outside opening hours' })
  @OptionalField()
  @IsObject()
  @ValidateNested()
  @Type(() => HoursOverrideDto)
  override?: HoursOverrideDto;
  @ApiPropertyOptional({ type: BackfillDto, description: BACKFILL_DESCRIPTION })
  @OptionalField()
  @IsObject()
  @ValidateNested()
  @Type(() => BackfillDto)
  backfill?: BackfillDto;
}

/** Every field is optional; null clears courtroomId, judgeId and notes, and lets videoRoomId and prosecutorId default again. */
export class UpdateHearingDto {
  @ApiPropertyOptional({ enum: HEARING_KINDS })
  @ValidateIf((o) => o.kind !== undefined)
  @IsIn(HEARING_KINDS)
  kind?: HearingKind;
  @ApiPropertyOptional({ description: STARTS_AT_DESCRIPTION })
  @ValidateIf((o) => o.startsAt !== undefined)
  @IsString()
  @MaxLength(40)
  startsAt?: string;
  @ApiPropertyOptional({ minimum: MIN_DURATION_MINUTES, maximum: MAX_DURATION_MINUTES })
  @ValidateIf((o) => o.durationMinutes !== undefined)
  @IsInt()
  @Min(MIN_DURATION_MINUTES)
  @Max(MAX_DURATION_MINUTES)
  durationMinutes?: number;
  @CourtroomIdField({ presence: 'nullable' }) courtroomId?: string | null;
  @JudgeIdField({ presence: 'nullable' }) judgeId?: string | null;
  @ProsecutorIdField({ presence: 'nullable', description: "null: the case's prosecutor" }) prosecutorId?: string | null;
  @DefenseLawyerIdsField() defenseLawyerIds?: string[];
  @DefendantIdsField({
    description: 'Changing the defendants also lets the lawyers and video room default again unless given',
  })
  defendantIds?: string[];
  @VideoRoomIdField({ presence: 'nullable', description: 'null: choose the first free video room again' })
  videoRoomId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string | null;
  @ApiPropertyOptional({
    type: HoursOverrideDto,
    description: 'Clerk or admin: allow the new time outside opening hours',
  })
  @OptionalField()
  @IsObject()
  @ValidateNested()
  @Type(() => HoursOverrideDto)
  override?: HoursOverrideDto;
  @ApiPropertyOptional({ type: BackfillDto, description: `${BACKFILL_DESCRIPTION} Only with a new startsAt.` })
  @OptionalField()
  @IsObject()
  @ValidateNested()
  @Type(() => BackfillDto)
  backfill?: BackfillDto;
}

export class CancelHearingDto extends ReasonDto {}

export class ListHearingsQuery {
  @ApiPropertyOptional({ description: 'ISO 8601 instant: hearings ending after it' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ description: 'ISO 8601 instant: hearings starting before it' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() courtId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Hearings with a video room or a defendant in this center' })
  @IsOptional()
  @IsUUID()
  detentionCenterId?: string;
  @ApiPropertyOptional({ enum: HEARING_STATUSES }) @IsOptional() @IsIn(HEARING_STATUSES) status?: HearingStatus;
  @ApiPropertyOptional({ format: 'uuid', description: 'Hearings this judge, prosecutor or lawyer attends' })
  @IsOptional()
  @IsUUID()
  userId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class AttentionReasonResponse {
  @ApiProperty({
    enum: ATTENTION_CODES,
    example: 'DEFENDANT_RELEASED',
    description:
      'DEFENDANT_RELEASED (needs no video room now), DEFENDANT_TRANSFERRED (held in another detention center), ' +
      'DEFENDANT_DETAINED (released, then detained again: needs a video room again), LAWYER_BUSY (the case gave the ' +
      "defendant a lawyer who is busy then: the lawyer's place is empty) or PROSECUTOR_BUSY (the case went to a " +
      "prosecutor who is busy then: the prosecutor's place is empty) or NO_LAWYER (a plea signing whose lawyer the case " +
      'removed: the affidavit needs a defense or duty lawyer present)',
  })
  code: AttentionCode;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null for PROSECUTOR_BUSY' })
  defendantId: string | null;
  @ApiProperty({ example: '2026-11-30T08:15:02.123Z', description: 'When it happened (UTC)' }) at: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'LAWYER_BUSY, PROSECUTOR_BUSY: the lawyer or prosecutor who could not take the place',
  })
  personId?: string;
  @ApiPropertyOptional({
    type: () => HearingConflictResponse,
    isArray: true,
    description: 'LAWYER_BUSY, PROSECUTOR_BUSY: the hearings that hold that person then',
  })
  conflicts?: HearingConflictResponse[];
}

export class HearingVideoRoomResponse {
  @ApiProperty({ enum: ['pending', 'created', 'failed', 'deleted'] }) status: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'What LiveKit answered at the last failed attempt' })
  lastError: string | null;
}

export class HearingResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: HEARING_KINDS }) kind: HearingKind;
  @ApiProperty({ enum: HEARING_STATUSES }) status: HearingStatus;
  @ApiProperty({ example: '2026-12-07T01:00:00Z' }) startsAt: string;
  @ApiProperty({ example: '2026-12-07T01:30:00Z' }) endsAt: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone: string;
  @ApiProperty({ example: '2026-12-07T09:00:00+08:00' }) localStartsAt: string;
  @ApiProperty({ example: '2026-12-07T09:30:00+08:00' }) localEndsAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) courtroomId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) judgeId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) prosecutorId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) videoRoomId: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) defenseLawyerIds: string[];
  @ApiProperty({ type: [String], format: 'uuid' }) defendantIds: string[];
  @ApiProperty({
    nullable: true,
    type: String,
    maxLength: 2000,
    description:
      "The clerk's free-text notes; null for readers who may not read free text (lawyers, detention officers)",
  })
  notes: string | null;
  @ApiProperty({ description: 'Send it back as If-Match: "<version>" to change the hearing' }) version: number;
  @ApiProperty({
    description:
      "A defendant's custody changed after booking, or a case change left a lawyer's or the prosecutor's place " +
      'empty (attentionReasons says how). Cleared when a change of the ' +
      'time or the parties re-books the hearing against the current custody',
  })
  needsAttention: boolean;
  @ApiProperty({ type: [AttentionReasonResponse] }) attentionReasons: AttentionReasonResponse[];
  @ApiProperty({
    type: HearingVideoRoomResponse,
    description: "The hearing's LiveKit room: pending until a job makes it, then created, failed (lastError), deleted",
  })
  videoRoom: HearingVideoRoomResponse;
}

export function toHearingResponse(h: HearingRecord): HearingResponse {
  return {
    id: h.id,
    caseId: h.caseId,
    kind: h.kind,
    status: h.status,
    startsAt: toUtcIso(h.startsAt),
    endsAt: toUtcIso(h.endsAt),
    timeZone: h.timeZone,
    localStartsAt: toLocalIso(h.startsAt, h.timeZone),
    localEndsAt: toLocalIso(h.endsAt, h.timeZone),
    courtroomId: h.courtroomId,
    judgeId: h.judgeId,
    prosecutorId: h.prosecutorId,
    videoRoomId: h.videoRoomId,
    defenseLawyerIds: h.defenseLawyerIds,
    defendantIds: h.defendantIds,
    notes: h.notes,
    version: h.version,
    needsAttention: h.needsAttention,
    attentionReasons: h.attentionReasons.map((r: AttentionReason) => ({
      code: r.code,
      defendantId: r.defendantId,
      at: r.at,
      ...(r.personId !== undefined ? { personId: r.personId } : {}),
      ...(r.conflicts !== undefined ? { conflicts: r.conflicts } : {}),
    })),
    videoRoom: h.videoRoom ?? { status: 'pending', lastError: null },
  };
}

export class HearingConflictResponse {
  @ApiProperty({ enum: RESOURCE_TYPES }) resourceType: ResourceType;
  @ApiProperty({ format: 'uuid' }) resourceId: string;
  @ApiProperty({ format: 'uuid' }) hearingId: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
}

/** The 409 answer when a person or room is taken (application/problem+json). */
export class HearingClashProblem extends Problem {
  @ApiProperty({ type: [HearingConflictResponse], description: 'Every clashing person or room' })
  conflicts: HearingConflictResponse[];
}

export class HearingHistoryEntryResponse {
  @ApiProperty() occurredAt: string;
  @ApiProperty({
    example: 'create',
    description:
      "create, update, cancel, or flag_attention (a defendant's custody changed: written by the database in the " +
      "custody change's transaction, with its actor and request id)",
  })
  action: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: a change made outside the API' })
  actorId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The x-request-id of the request that made the change' })
  requestId: string | null;
  @ApiProperty({ nullable: true, type: Object }) before: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: Object }) after: Record<string, unknown> | null;
}

export function toHearingHistoryEntry(e: AuditEntry): HearingHistoryEntryResponse {
  return {
    occurredAt: e.occurredAt.toISOString(),
    action: e.action,
    actorId: e.actorId,
    requestId: e.requestId,
    before: e.before,
    after: e.after,
  };
}
