import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { HEARING_KINDS, type HearingKind } from '../../hearings/hearing.entity';
import { MAX_DURATION_MINUTES, MIN_DURATION_MINUTES } from '../../hearings/booking-input';

export const DEFAULT_SLOT_LIMIT = 20;
export const MAX_SLOT_LIMIT = 200;

/**
 * `?ids=a,b` and `?ids=a&ids=b` both give ['a', 'b'], and `?ids=` an empty list. An empty item (`a,,b`, `,,,`)
 * is kept, so that the list is refused naming it rather than read as fewer ids than were meant.
 */
const commaSeparated = ({ value }: { value: unknown }): unknown =>
  (Array.isArray(value) ? value : [value])
    .flatMap((v) => (typeof v !== 'string' ? [v] : v.trim() === '' ? [] : v.split(',')))
    .map((p) => (typeof p === 'string' ? p.trim() : p));

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
  @ApiPropertyOptional({ format: 'uuid', description: 'Required except for plea_signing, as for booking' })
  @IsOptional()
  @IsUUID()
  judgeId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Required except for plea_signing, as for booking' })
  @IsOptional()
  @IsUUID()
  courtroomId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "Default: the case's prosecutor" })
  @IsOptional()
  @IsUUID()
  prosecutorId?: string;
  @ApiPropertyOptional({
    type: String,
    description: 'Comma-separated lawyer ids. Default: the lawyers of the attending defendants',
  })
  @IsOptional()
  @Transform(commaSeparated)
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID(undefined, { each: true })
  defenseLawyerIds?: string[];
  @ApiPropertyOptional({
    type: String,
    description: "Comma-separated defendant ids. Default: all the case's defendants",
  })
  @IsOptional()
  @Transform(commaSeparated)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID(undefined, { each: true })
  defendantIds?: string[];
  @ApiPropertyOptional({
    format: 'uuid',
    description: "Default: any free video room of the detained defendants' center",
  })
  @IsOptional()
  @IsUUID()
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
