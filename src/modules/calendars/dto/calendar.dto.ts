import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Problem } from '../../../common/openapi/problems';
import { toUtcIso } from '../../../common/time/local-time';
import type { CalendarExceptionRecord } from '../calendars.repository';
import type { WeeklyHours } from '../calendars.service';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const CLOSING_CLOCK = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK_MESSAGE = 'must be a local time "HH:mm" (00:00-23:59)';
const CLOSING_MESSAGE = 'must be a local time "HH:mm" (00:01-24:00)';
const DATE_MESSAGE = 'must be a date "yyyy-MM-dd"';

export class WeeklyIntervalDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: '1 = Monday .. 7 = Sunday', example: 1 })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday: number;
  @ApiProperty({ example: '08:30', description: "Local wall-clock time in the organization's zone" })
  @IsString()
  @Matches(CLOCK, { message: CLOCK_MESSAGE })
  opens: string;
  @ApiProperty({ example: '12:00', description: 'After opens; "24:00" closes at the end of the day' })
  @IsString()
  @Matches(CLOSING_CLOCK, { message: CLOSING_MESSAGE })
  closes: string;
}

export class ReplaceOpeningHoursDto {
  @ApiProperty({
    type: [WeeklyIntervalDto],
    description:
      'Every stretch of the week; several a day allowed, but stretches of one day must neither overlap nor touch. ' +
      'Replaces all hours set before; an empty list goes back to the default.',
  })
  @IsArray()
  @ArrayMaxSize(70)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => WeeklyIntervalDto)
  weekly: WeeklyIntervalDto[];
}

export class OpeningHoursResponse {
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ example: 'Asia/Shanghai', description: 'The zone every local time here is read in' }) timeZone: string;
  @ApiProperty({
    description: 'True when none are set and the default (Monday to Friday 08:30-12:00, 14:00-17:30) applies',
  })
  isDefault: boolean;
  @ApiProperty({ type: [WeeklyIntervalDto] }) weekly: WeeklyIntervalDto[];
}

export function toOpeningHoursResponse(h: WeeklyHours): OpeningHoursResponse {
  return {
    organizationId: h.organizationId,
    timeZone: h.timeZone,
    isDefault: h.isDefault,
    weekly: h.weekly.map((w) => ({ ...w })),
  };
}

export class CreateCalendarExceptionDto {
  @ApiProperty({ example: '2026-02-17', description: "Local date in the organization's zone" })
  @IsString()
  @Matches(LOCAL_DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: 'must be a real calendar date' })
  date: string;
  @ApiProperty({
    enum: ['closed', 'open'],
    description:
      'closed: the whole date is closed (public holiday). open: the date is a working day (e.g. a make-up ' +
      'Saturday, 调休) with the given hours, or with the hours of a normal working day when opens/closes are left out',
  })
  @IsIn(['closed', 'open'])
  kind: 'closed' | 'open';
  @ApiPropertyOptional({
    example: '08:30',
    nullable: true,
    type: String,
    description: 'Only with kind open, together with closes (null: as if left out)',
  })
  @IsOptional()
  @IsString()
  @Matches(CLOCK, { message: CLOCK_MESSAGE })
  opens?: string;
  @ApiPropertyOptional({
    example: '12:00',
    nullable: true,
    type: String,
    description: 'Only with kind open, together with opens (null: as if left out)',
  })
  @IsOptional()
  @IsString()
  @Matches(CLOSING_CLOCK, { message: CLOSING_MESSAGE })
  closes?: string;
  @ApiProperty({ example: 'Spring Festival', maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

export class ListCalendarExceptionsQuery {
  @ApiProperty({ example: '2026-01-01', description: 'First local date, inclusive' })
  @IsString()
  @Matches(LOCAL_DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: 'must be a real calendar date' })
  from: string;
  @ApiProperty({ example: '2026-12-31', description: 'Last local date, inclusive; at most 1100 days after from' })
  @IsString()
  @Matches(LOCAL_DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: 'must be a real calendar date' })
  to: string;
}

export class CalendarExceptionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ example: '2026-02-17' }) date: string;
  @ApiProperty({ enum: ['closed', 'open'] }) kind: 'closed' | 'open';
  @ApiProperty({ type: String, nullable: true, example: '08:30' }) opens: string | null;
  @ApiProperty({ type: String, nullable: true, example: '17:30' }) closes: string | null;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export function toCalendarExceptionResponse(e: CalendarExceptionRecord): CalendarExceptionResponse {
  return {
    id: e.id,
    organizationId: e.organizationId,
    date: e.date,
    kind: e.kind,
    opens: e.opens,
    closes: e.closes,
    reason: e.reason,
    createdAt: toUtcIso(e.createdAt),
  };
}

/** An exception already on the date that the new one would contradict. */
class ConflictingExceptionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '2026-02-17' }) date: string;
  @ApiProperty({ enum: ['closed', 'open'] }) kind: 'closed' | 'open';
  @ApiProperty({ type: String, nullable: true, example: '08:30' }) opens: string | null;
  @ApiProperty({ type: String, nullable: true, example: '17:30' }) closes: string | null;
  @ApiProperty() reason: string;
}

/** 409 CALENDAR_EXCEPTION_CONFLICT. */
export class CalendarExceptionConflictProblem extends Problem {
  @ApiProperty({ type: [ConflictingExceptionResponse] }) conflicts: ConflictingExceptionResponse[];
}

class HoursViolationOrganization {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['court', 'procuratorate', 'detention_center', 'law_firm'] }) kind: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone: string;
}

/** One organization whose hours do not hold the requested range. */
class HoursViolationResponse {
  @ApiProperty({ type: HoursViolationOrganization }) organization: HoursViolationOrganization;
  @ApiProperty({
    example: '2026-12-07',
    description: "The local date of the requested start, in the organization's zone",
  })
  date: string;
  @ApiProperty({ type: [String], example: ['08:30-12:00', '14:00-17:30'], description: '[] when closed' })
  hours: string[];
  @ApiProperty() closed: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Why the date is closed or changed, if an exception says' })
  reason: string | null;
  @ApiProperty({ example: '2026-12-07T18:00:00+08:00' }) localStartsAt: string;
  @ApiProperty({ example: '2026-12-07T19:00:00+08:00' }) localEndsAt: string;
}

/** 422 OUTSIDE_HOURS: every organization whose opening hours do not hold the range. */
export class OutsideHoursProblem extends Problem {
  @ApiProperty({ type: [HoursViolationResponse] }) violations: HoursViolationResponse[];
}
