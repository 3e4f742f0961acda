import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PENALTIES, PROPOSAL_KINDS, type Penalty, type ProposalKind } from '../../leniency/leniency-transitions';
import {
  DISTRIBUTION_COLUMNS,
  PROPOSAL_DEFINITIONS,
  type ProposalAccuracyRow,
  type ProposalGroupBy,
} from '../proposal-accuracy';
import { StatsWindowQuery } from './stats-window.dto';

export class ProposalStatsQuery extends StatsWindowQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this procuratorate's records (a prosecutor's own)" })
  @IsOptional()
  @IsUUID()
  procuratorateId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "Only this prosecutor's records" })
  @IsOptional()
  @IsUUID()
  prosecutorId?: string;
}

export class ProposalAccuracyRowResponse implements ProposalAccuracyRow {
  @ApiProperty({ enum: ['overall', 'penalty', 'proposalKind'] }) groupBy: ProposalGroupBy;
  @ApiProperty({
    enum: ['all', ...PENALTIES, ...PROPOSAL_KINDS],
    description: '`all` for the overall row, else the penalty or the proposal kind of the last proposal',
  })
  group: 'all' | Penalty | ProposalKind;
  @ApiProperty() decided: number;
  @ApiProperty() withinProposal: number;
  @ApiProperty({ nullable: true, type: Number }) accuracyRate: number | null;
  @ApiProperty() lighter: number;
  @ApiProperty() heavier: number;
  @ApiProperty({ nullable: true, type: Number }) meanDistanceMonths: number | null;
  @ApiProperty({ nullable: true, type: Number }) meanLighterMonths: number | null;
  @ApiProperty({ nullable: true, type: Number }) meanHeavierMonths: number | null;
  @ApiProperty({ description: 'Sentences 1 to 3 months lighter than the proposal' }) lighter1to3: number;
  @ApiProperty() lighter4to6: number;
  @ApiProperty() lighter7to12: number;
  @ApiProperty() lighter13to24: number;
  @ApiProperty({ description: 'Sentences 25 months or more lighter than the proposal' }) lighter25plus: number;
  @ApiProperty({ description: 'Sentences 1 to 3 months heavier than the proposal' }) heavier1to3: number;
  @ApiProperty() heavier4to6: number;
  @ApiProperty() heavier7to12: number;
  @ApiProperty() heavier13to24: number;
  @ApiProperty() heavier25plus: number;
}

export class ProposalStatsResponse {
  @ApiProperty({ type: Object, description: "Each figure's formula and the date that puts a record in the window" })
  definitions: typeof PROPOSAL_DEFINITIONS;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Asia/Shanghai',
    description:
      "The procuratorate's zone when one procuratorate is counted; null when each record is dated in its own procuratorate's zone",
  })
  timeZone: string | null;
  @ApiProperty({ type: [ProposalAccuracyRowResponse] }) rows: ProposalAccuracyRowResponse[];
}

/** The CSV's columns, in order: the row's fields. */
export const PROPOSAL_CSV_COLUMNS: readonly (keyof ProposalAccuracyRow)[] = [
  'groupBy',
  'group',
  'decided',
  'withinProposal',
  'accuracyRate',
  'lighter',
  'heavier',
  'meanDistanceMonths',
  'meanLighterMonths',
  'meanHeavierMonths',
  ...DISTRIBUTION_COLUMNS,
];
