import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { OptionalField } from '../../../common/http/optional-field';
import { ORGANIZATION_KINDS, type OrganizationKind } from '../organization.entity';
import type { OrganizationRecord } from '../organizations.repository';

const NOT_BLANK = /\S/;

export class CreateOrganizationDto {
  @ApiProperty({ enum: ORGANIZATION_KINDS }) @IsIn(ORGANIZATION_KINDS) kind: OrganizationKind;
  @ApiProperty({ example: '北京市朝阳区人民法院', maxLength: 200 })
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(200)
  name: string;
  @ApiProperty({
    example: 'Asia/Shanghai',
    description: 'IANA time zone; every local time of the organization is read in it',
  })
  @IsString()
  @MaxLength(64)
  timeZone: string;
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 240,
    default: 10,
    description:
      'Detention centers only: minutes a video room is held before and after a hearing to escort the defendant',
  })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(240)
  escortBufferMinutes?: number;
}

export class UpdateOrganizationDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalField()
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(200)
  name?: string;
  @ApiPropertyOptional({ example: 'Asia/Shanghai' }) @OptionalField() @IsString() @MaxLength(64) timeZone?: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 240, description: 'Detention centers only' })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(240)
  escortBufferMinutes?: number;
}

export class ListOrganizationsQuery {
  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS }) @IsOptional() @IsIn(ORGANIZATION_KINDS) kind?: OrganizationKind;
}

export class OrganizationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind: OrganizationKind;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone: string;
  @ApiPropertyOptional({ description: 'Detention centers only' }) escortBufferMinutes?: number;
}

export function toOrganizationResponse(o: OrganizationRecord): OrganizationResponse {
  const res: OrganizationResponse = { id: o.id, kind: o.kind, name: o.name, timeZone: o.timeZone };
  if (o.kind === 'detention_center') res.escortBufferMinutes = o.escortBufferMinutes;
  return res;
}

/** Organizations hold no personal data: the audit keeps them whole. */
export function organizationAuditSnapshot(o: OrganizationRecord): Record<string, unknown> {
  return { kind: o.kind, name: o.name, timeZone: o.timeZone, escortBufferMinutes: o.escortBufferMinutes };
}
