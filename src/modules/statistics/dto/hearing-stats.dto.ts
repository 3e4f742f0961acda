import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { HEARING_KINDS, type HearingKind } from '../../hearings/hearing.entity';
import { HEARING_DEFINITIONS, type HearingFiguresRow, type HearingGroupBy } from '../hearing-figures';
import { StatsWindowQuery } from './stats-window.dto';

export class HearingStatsQuery extends StatsWindowQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this court's hearings (a clerk's or judge's own court)" })
  @IsOptional()
  @IsUUID()
  courtId?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: "Only this detention center's hearings: in one of its video rooms or with a defendant it holds",
  })
  @IsOptional()
  @IsUUID()
  detentionCenterId?: string;
}

export class HearingFiguresRowResponse implements HearingFiguresRow {
  @ApiProperty({ enum: ['overall', 'kind'] }) groupBy: HearingGroupBy;
  @ApiProperty({ enum: ['all', ...HEARING_KINDS], description: '`all` for the overall row, else the hearing kind' })
  group: 'all' | HearingKind;
  @ApiProperty() hearings: number;
  @ApiProperty() held: number;
  @ApiProperty() adjourned: number;
  @ApiProperty() defendantAbsent: number;
  @ApiProperty() partyAbsent: number;
  @ApiProperty() technicalFailure: number;
  @ApiProperty() noOutcome: number;
  @ApiProperty() cancelled: number;
  @ApiProperty() withOutcome: number;
  @ApiProperty({ nullable: true, type: Number }) adjournmentRate: number | null;
  @ApiProperty({ nullable: true, type: Number }) absenceRate: number | null;
  @ApiProperty({ nullable: true, type: Number }) meanScheduledMinutes: number | null;
  @ApiProperty() actualDurationsKnown: number;
  @ApiProperty({ nullable: true, type: Number }) meanActualMinutes: number | null;
  @ApiProperty() casesFirstHeard: number;
  @ApiProperty({ nullable: true, type: Number }) medianDaysToFirstHearing: number | null;
}

export class HearingStatsResponse {
  @ApiProperty({ type: Object, description: "Each figure's formula and the instant that puts a hearing in the window" })
  definitions: typeof HEARING_DEFINITIONS;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Asia/Shanghai',
    description: "The court's zone when one court is counted; null when each hearing is dated in its own court's zone",
  })
  timeZone: string | null;
  @ApiProperty({ type: [HearingFiguresRowResponse] }) rows: HearingFiguresRowResponse[];
}

/** The CSV's columns, in order: the row's fields. */
export const HEARING_CSV_COLUMNS: readonly (keyof HearingFiguresRow)[] = [
  'groupBy',
  'group',
  'hearings',
  'held',
  'adjourned',
  'defendantAbsent',
  'partyAbsent',
  'technicalFailure',
  'noOutcome',
  'cancelled',
  'withOutcome',
  'adjournmentRate',
  'absenceRate',
  'meanScheduledMinutes',
  'actualDurationsKnown',
  'meanActualMinutes',
  'casesFirstHeard',
  'medianDaysToFirstHearing',
];
