import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { HEARING_KINDS, type HearingKind } from '../../hearings/hearing.entity';
import { MAX_DURATION_MINUTES, MIN_DURATION_MINUTES } from '../../hearings/booking-input';
import {
  CourtroomIdField,
  DefendantIdsField,
  DefenseLawyerIdsField,
  JudgeIdField,
  PARTY_DEFAULTS,
  ProsecutorIdField,
  VideoRoomIdField,
} from '../../hearings/dto/party-fields';

export const DEFAULT_SLOT_LIMIT = 20;
export const MAX_SLOT_LIMIT = 200;

const WINDOW_DESCRIPTION =
  "ISO 8601 with offset or Z, or a local wall-clock time without offset read in the hearing's zone " +
  "(the court's; the procuratorate's for a plea signing)";

export class AvailabilityQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID() caseId: string;
  @ApiProperty({ enum: HEARING_KINDS }) @IsIn(HEARING_KINDS) kind: HearingKind;
  @ApiProperty({ minimum: MIN_DURATION_MINUTES, maximum: MAX_DURATION_MINUTES })
  @Type(() => Number)
  @IsInt()
  @Min(MIN_DURATION_MINUTES)
  @Max(MAX_DURATION_MINUTES)
  durationMinutes: number;
  @ApiProperty({
    description: `Start of the search window. ${WINDOW_DESCRIPTION}`,
    example: '2026-12-07T08:00:00+08:00',
  })
  @IsString()
  @MaxLength(40)
  from: string;
  @ApiProperty({
    description: `End of the search window (at most 31 days after from). ${WINDOW_DESCRIPTION}`,
    example: '2026-12-11T18:00:00+08:00',
  })
  @IsString()
  @MaxLength(40)
  to: string;
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SLOT_LIMIT, default: DEFAULT_SLOT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SLOT_LIMIT)
  limit?: number;
  @JudgeIdField({ presence: 'query', description: 'Required except for plea_signing, as for booking' })
  judgeId?: string;
  @CourtroomIdField({ presence: 'query', description: 'Required except for plea_signing, as for booking' })
  courtroomId?: string;
  @ProsecutorIdField({ presence: 'query', description: PARTY_DEFAULTS.prosecutorId }) prosecutorId?: string;
  @DefenseLawyerIdsField({ presence: 'query', description: PARTY_DEFAULTS.defenseLawyerIds })
  defenseLawyerIds?: string[];
  @DefendantIdsField({ presence: 'query', description: PARTY_DEFAULTS.defendantIds }) defendantIds?: string[];
  @VideoRoomIdField({
    presence: 'query',
    description: "Default: any free video room of the detained defendants' center",
  })
  videoRoomId?: string;
}

export class SlotResponse {
  @ApiProperty({ example: '2026-12-07T01:00:00Z' }) startsAt: string;
  @ApiProperty({ example: '2026-12-07T01:30:00Z' }) endsAt: string;
  @ApiProperty({ example: '2026-12-07T09:00:00+08:00', description: "In the hearing's zone" }) localStartsAt: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Book with this room to get the slot as offered',
  })
  videoRoomId: string | null;
}

export class AvailabilityResponse {
  @ApiProperty({ example: 'Asia/Shanghai', description: 'The zone of localStartsAt' }) timeZone: string;
  @ApiProperty({ type: [SlotResponse], description: 'Earliest first' }) slots: SlotResponse[];
}
