import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LimitQuery } from '../../../common/http/limit.query';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { OptionalField } from '../../../common/http/optional-field';
import { maskIdNumber, maskName } from '../../audit/masking';
import { CUSTODY_STATUSES, type CustodyStatus } from '../defendant.entity';
import type { DefendantRecord } from '../defendants.repository';

/** Resident identity card numbers (18 characters) and passport numbers: letters, digits and dashes. */
const ID_NUMBER = /^[0-9A-Za-z-]{4,32}$/;

export class CreateDefendantDto {
  @ApiProperty({ example: '张三', maxLength: 200 })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(200)
  name: string;
  @ApiPropertyOptional({
    example: '110101199001011234',
    description: 'Identity card or passport number (4-32 letters, digits or dashes)',
  })
  @OptionalField()
  @IsString()
  @Matches(ID_NUMBER, { message: 'idNumber must be 4 to 32 letters, digits or dashes' })
  idNumber?: string;
  @ApiProperty({ format: 'uuid', description: 'The detention center that holds (or last held) the defendant' })
  @IsUUID()
  detentionCenterId: string;
  @ApiPropertyOptional({ enum: CUSTODY_STATUSES, default: 'detained' })
  @OptionalField()
  @IsIn(CUSTODY_STATUSES)
  custodyStatus?: CustodyStatus;
}

export class UpdateDefendantDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'Correct a misspelt name' })
  @OptionalField()
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(200)
  name?: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Correct or clear (null) the identity number' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  @Matches(ID_NUMBER, { message: 'idNumber must be 4 to 32 letters, digits or dashes' })
  idNumber?: string | null;
  @ApiPropertyOptional({
    format: 'uuid',
    description: "Transfer to another detention center: flags the defendant's future hearings",
  })
  @OptionalField()
  @IsUUID()
  detentionCenterId?: string;
  @ApiPropertyOptional({ enum: CUSTODY_STATUSES, description: "released: flags the defendant's future hearings" })
  @OptionalField()
  @IsIn(CUSTODY_STATUSES)
  custodyStatus?: CustodyStatus;
}

/** POST /defendants/lookup: the number travels in the body, never in a URL or a log line. */
export class LookupDefendantDto {
  @ApiProperty({
    example: '110101199001011234',
    description: 'The full identity card or passport number (letters in any case); no part of it matches',
  })
  @IsString()
  @Matches(ID_NUMBER, { message: 'idNumber must be 4 to 32 letters, digits or dashes' })
  idNumber: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Only a defendant held in this detention center' })
  @OptionalField()
  @IsUUID()
  detentionCenterId?: string;
}

export class ListDefendantsQuery extends LimitQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() detentionCenterId?: string;
  @ApiPropertyOptional({ description: 'Part of the name, case-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class DefendantResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String, description: 'Masked (last 4 characters) for everyone but admins' })
  idNumber: string | null;
  @ApiProperty({ format: 'uuid' }) detentionCenterId: string;
  @ApiProperty({ enum: CUSTODY_STATUSES }) custodyStatus: CustodyStatus;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The organization that registered the defendant',
  })
  registeredByOrganizationId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export function toDefendantResponse(d: DefendantRecord, opts: { showIdNumber: boolean }): DefendantResponse {
  return {
    id: d.id,
    name: d.name,
    idNumber: opts.showIdNumber ? d.idNumber : maskIdNumber(d.idNumber),
    detentionCenterId: d.detentionCenterId,
    custodyStatus: d.custodyStatus,
    registeredByOrganizationId: d.registeredByOrganizationId,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export function defendantAuditSnapshot(d: DefendantRecord): Record<string, unknown> {
  return {
    name: maskName(d.name),
    idNumber: maskIdNumber(d.idNumber),
    detentionCenterId: d.detentionCenterId,
    custodyStatus: d.custodyStatus,
    registeredByOrganizationId: d.registeredByOrganizationId,
  };
}
