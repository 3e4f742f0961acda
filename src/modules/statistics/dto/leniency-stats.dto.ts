import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { GROUP_BYS, LENIENCY_DEFINITIONS, type GroupBy } from '../leniency-figures';
import { StatsWindowQuery } from './stats-window.dto';

export class LeniencyStatsQuery extends StatsWindowQuery {
  @ApiPropertyOptional({ enum: GROUP_BYS, default: 'none', description: 'One row per calendar period, or one in all' })
  @IsOptional()
  @IsIn(GROUP_BYS)
  groupBy?: GroupBy;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() procuratorateId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() courtId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() prosecutorId?: string;
}

export class LeniencyFiguresRowResponse {
  @ApiProperty({ example: '2019-12', description: '`2019-12`, `2019-Q4`, `2019`, or `from/to` for groupBy=none' })
  period: string;
  @ApiProperty() personsConcluded: number;
  @ApiProperty() personsWithLeniency: number;
  @ApiProperty({ nullable: true, type: Number }) applicationRate: number | null;
  @ApiProperty() proposals: number;
  @ApiProperty() definiteProposals: number;
  @ApiProperty({ nullable: true, type: Number }) definiteShare: number | null;
  @ApiProperty() proposalsRuled: number;
  @ApiProperty() adopted: number;
  @ApiProperty() adoptedAfterAdjustment: number;
  @ApiProperty({ nullable: true, type: Number }) adoptionRate: number | null;
  @ApiProperty({ nullable: true, type: Number }) adoptionRateOverProposalsMade: number | null;
  @ApiProperty() definiteRuled: number;
  @ApiProperty() definiteAdopted: number;
  @ApiProperty({ nullable: true, type: Number }) definiteAdoptionRate: number | null;
  @ApiProperty() withdrawn: number;
}

export class LeniencyStatsResponse {
  @ApiProperty({ type: Object, description: "Each figure's formula and the date that puts a record in a period" })
  definitions: typeof LENIENCY_DEFINITIONS;
  @ApiProperty({ example: 'Asia/Shanghai', description: 'The IANA zone whose calendar periods the rows are' })
  timeZone: string;
  @ApiProperty({ type: [LeniencyFiguresRowResponse] }) rows: LeniencyFiguresRowResponse[];
}

/** The CSV's columns, in order: the row's fields. */
export const LENIENCY_CSV_COLUMNS = [
  'period',
  'personsConcluded',
  'personsWithLeniency',
  'applicationRate',
  'proposals',
  'definiteProposals',
  'definiteShare',
  'proposalsRuled',
  'adopted',
  'adoptedAfterAdjustment',
  'adoptionRate',
  'adoptionRateOverProposalsMade',
  'definiteRuled',
  'definiteAdopted',
  'definiteAdoptionRate',
  'withdrawn',
] as const;
