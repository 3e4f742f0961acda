import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LimitQuery } from '../../../common/http/limit.query';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { maskName } from '../../audit/masking';
import { CUSTODY_STATUSES, type CustodyStatus } from '../../directory/defendant.entity';
import { OptionalField } from '../../../common/http/optional-field';
import { PROCEDURES, type Procedure } from '../case.entity';
import type { CaseRecord } from '../cases.repository';

const NOT_BLANK = /\S/;

export class CaseDefendantInput {
  @ApiProperty({ format: 'uuid' }) @IsUUID() defendantId: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'A user with the lawyer role' })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsUUID()
  defenseLawyerId?: string | null;
  @ApiProperty({ type: [String], example: ['盗窃罪'], description: '1 to 20 charges' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(NOT_BLANK, { each: true, message: 'a charge must not be blank' })
  @MaxLength(200, { each: true })
  charges: string[];
}

export class CreateCaseDto {
  @ApiProperty({ example: '(2026)京0105刑初123号', maxLength: 100, description: 'Unique within the court' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'caseNumber must not be blank' })
  @MaxLength(100)
  caseNumber: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() courtId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() procuratorateId: string;
  @ApiProperty({ format: 'uuid', description: 'A prosecutor of the procuratorate' }) @IsUUID() prosecutorId: string;
  @ApiProperty({ enum: PROCEDURES }) @IsIn(PROCEDURES) procedure: Procedure;
  @ApiProperty({ type: [CaseDefendantInput], description: '1 to 100 defendants, each once' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CaseDefendantInput)
  defendants: CaseDefendantInput[];
}

export class DefenseLawyerAssignment {
  @ApiProperty({ format: 'uuid', description: 'A defendant already in the case' }) @IsUUID() defendantId: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The new defense lawyer; null removes the current one',
  })
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  defenseLawyerId: string | null;
}

export class UpdateCaseDto {
  @ApiPropertyOptional({ enum: PROCEDURES }) @OptionalField() @IsIn(PROCEDURES) procedure?: Procedure;
  @ApiPropertyOptional({ format: 'uuid', description: 'Hand the case to another prosecutor of the same procuratorate' })
  @OptionalField()
  @IsUUID()
  prosecutorId?: string;
  @ApiPropertyOptional({ type: [CaseDefendantInput], description: 'Defendants to add to the case' })
  @OptionalField()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CaseDefendantInput)
  addDefendants?: CaseDefendantInput[];
  @ApiPropertyOptional({
    type: [DefenseLawyerAssignment],
    description: 'Assign, change or remove defense lawyers of defendants in the case',
  })
  @OptionalField()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DefenseLawyerAssignment)
  defenseLawyers?: DefenseLawyerAssignment[];
}

export class ListCasesQuery extends LimitQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() courtId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() procuratorateId?: string;
  @ApiPropertyOptional({ description: 'Part of the case number, case-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class CaseDefendantResponse {
  @ApiProperty({ format: 'uuid' }) defendantId: string;
  @ApiProperty({
    description: 'Masked: the full name is on GET /defendants/:id for those who may see it',
    example: '张*',
  })
  name: string;
  @ApiProperty({ format: 'uuid' }) detentionCenterId: string;
  @ApiProperty({ enum: CUSTODY_STATUSES }) custodyStatus: CustodyStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) defenseLawyerId: string | null;
  @ApiProperty({ type: [String] }) charges: string[];
}

export class CaseResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() caseNumber: string;
  @ApiProperty({ format: 'uuid' }) courtId: string;
  @ApiProperty({ format: 'uuid' }) procuratorateId: string;
  @ApiProperty({ format: 'uuid' }) prosecutorId: string;
  @ApiProperty({ enum: PROCEDURES }) procedure: Procedure;
  @ApiProperty({ type: [CaseDefendantResponse] }) defendants: CaseDefendantResponse[];
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

function caseDefendantsOf(c: CaseRecord): CaseDefendantResponse[] {
  return c.defendants.map((cd) => ({
    defendantId: cd.defendantId,
    name: maskName(cd.name) ?? '',
    detentionCenterId: cd.detentionCenterId,
    custodyStatus: cd.custodyStatus,
    defenseLawyerId: cd.defenseLawyerId,
    charges: cd.charges,
  }));
}

export function toCaseResponse(c: CaseRecord): CaseResponse {
  return {
    id: c.id,
    caseNumber: c.caseNumber,
    courtId: c.courtId,
    procuratorateId: c.procuratorateId,
    prosecutorId: c.prosecutorId,
    procedure: c.procedure,
    defendants: caseDefendantsOf(c),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export function caseAuditSnapshot(c: CaseRecord): Record<string, unknown> {
  return {
    caseNumber: c.caseNumber,
    courtId: c.courtId,
    procuratorateId: c.procuratorateId,
    prosecutorId: c.prosecutorId,
    procedure: c.procedure,
    defendants: caseDefendantsOf(c).map(({ defendantId, name, defenseLawyerId, charges }) => ({
      defendantId,
      name,
      defenseLawyerId,
      charges,
    })),
  };
}
