import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  Max,
  Min,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { OptionalField } from '../../../common/http/optional-field';
import { MAX_DURATION_MINUTES, MIN_DURATION_MINUTES } from '../../hearings/booking-input';
import { toUtcIso } from '../../../common/time/local-time';
import { LeniencyAffidavitDto, LeniencyDecisionDto, LeniencyProposalDto } from '../../leniency/dto/leniency.dto';
import { OUTCOME_RESULTS, type OutcomeResult } from '../outcome-status';
import type { HearingOutcomeRecord } from '../outcomes.repository';

const PAST_INSTANT = 'ISO 8601 with an offset or Z; not after now';

/** One defendant's plea-leniency steps recorded at the hearing, each as its own route takes it. */
export class OutcomeLeniencyItemDto {
  @ApiProperty({ format: 'uuid', description: 'A defendant who attends the hearing' }) @IsUUID() defendantId: string;
  @ApiPropertyOptional({
    description:
      'The defendant confirmed the plea in the hearing: kept in the audit row of the outcome (the record has no such step)',
  })
  @OptionalField()
  @IsBoolean()
  pleaConfirmed?: boolean;
  @ApiPropertyOptional({ type: LeniencyAffidavitDto })
  @OptionalField()
  @IsObject()
  @ValidateNested()
  @Type(() => LeniencyAffidavitDto)
  affidavit?: LeniencyAffidavitDto;
  @ApiPropertyOptional({ type: LeniencyProposalDto })
  @OptionalField()
  @IsObject()
  @ValidateNested()
  @Type(() => LeniencyProposalDto)
  proposal?: LeniencyProposalDto;
  @ApiPropertyOptional({ type: LeniencyDecisionDto })
  @OptionalField()
  @IsObject()
  @ValidateNested()
  @Type(() => LeniencyDecisionDto)
  decision?: LeniencyDecisionDto;
}

class OutcomeFieldsDto {
  @ApiProperty({ enum: OUTCOME_RESULTS }) @IsIn(OUTCOME_RESULTS) result: OutcomeResult;
  @ApiPropertyOptional({ description: `When the hearing actually began. ${PAST_INSTANT}` })
  @OptionalField()
  @IsString()
  @MaxLength(40)
  startedAt?: string;
  @ApiPropertyOptional({ description: `When it actually ended. ${PAST_INSTANT}; not before startedAt` })
  @OptionalField()
  @IsString()
  @MaxLength(40)
  endedAt?: string;
  @ApiPropertyOptional({ maxLength: 2000, description: "Free text: read only by the case's court and procuratorate" })
  @OptionalField()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

/** The follow-up hearing an adjournment books: the same kind and parties, at another time. */
export class AdjournToDto {
  @ApiProperty({
    description: "ISO 8601 with an offset or Z, or a local time without offset in the hearing's zone; after now",
    example: '2027-01-11T09:00',
  })
  @IsString()
  @MaxLength(40)
  startsAt: string;
  @ApiPropertyOptional({
    minimum: MIN_DURATION_MINUTES,
    maximum: MAX_DURATION_MINUTES,
    description: "Default: the adjourned hearing's duration",
  })
  @OptionalField()
  @IsInt()
  @Min(MIN_DURATION_MINUTES)
  @Max(MAX_DURATION_MINUTES)
  durationMinutes?: number;
}

export class RecordOutcomeDto extends OutcomeFieldsDto {
  @ApiPropertyOptional({
    type: AdjournToDto,
    description:
      'Book the follow-up hearing with the same parties, in the same transaction (not with result held); a clash ' +
      'rejects the outcome with the 409',
  })
  @OptionalField()
  @IsObject()
  @ValidateNested()
  @Type(() => AdjournToDto)
  adjournTo?: AdjournToDto;
  @ApiPropertyOptional({
    type: [OutcomeLeniencyItemDto],
    description: 'Plea-leniency steps recorded at the hearing; any invalid one rejects the whole outcome',
  })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => OutcomeLeniencyItemDto)
  leniency?: OutcomeLeniencyItemDto[];
}

export class CorrectOutcomeDto extends OutcomeFieldsDto {
  @ApiProperty({ maxLength: 500, description: 'Why the outcome is corrected (audited; free text)' })
  @IsString()
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(500)
  reason: string;
}

export class HearingOutcomeResponse {
  @ApiProperty({ format: 'uuid' }) hearingId: string;
  @ApiProperty({ enum: OUTCOME_RESULTS }) result: OutcomeResult;
  @ApiProperty({ description: "The hearing's status the outcome gave it" }) hearingStatus: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) startedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) endedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Free text: null for readers who may not read it' })
  notes: string | null;
  @ApiProperty({ format: 'uuid' }) recordedBy: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'Free text: null for readers who may not read it' })
  correctionReason: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) correctedBy: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) correctedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) followUpHearingId: string | null;
}

const iso = (d: Date | null): string | null => (d ? toUtcIso(d) : null);

export function toOutcomeResponse(o: HearingOutcomeRecord, hearingStatus: string): HearingOutcomeResponse {
  return {
    hearingId: o.hearingId,
    result: o.result,
    hearingStatus,
    startedAt: iso(o.startedAt),
    endedAt: iso(o.endedAt),
    notes: o.notes,
    recordedBy: o.recordedBy,
    recordedAt: toUtcIso(o.recordedAt),
    correctionReason: o.correctionReason,
    correctedBy: o.correctedBy,
    correctedAt: iso(o.correctedAt),
    followUpHearingId: o.followUpHearingId,
  };
}
