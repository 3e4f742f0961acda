import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { OptionalField } from '../../../common/http/optional-field';
import { ROLES, type Role } from '../../../common/http/request-context';
import { maskEmail } from '../../audit/masking';
import type { UserRecord } from '../users.repository';

export class CreateUserDto {
  @ApiProperty({ example: 'li.ming@court.example' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ minLength: 12 }) @IsString() @MinLength(12) @MaxLength(200) password: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Required for every role but admin (none, or null, for an admin)',
  })
  @IsOptional()
  @IsUUID()
  organizationId?: string | null;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @OptionalField() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ enum: ROLES }) @OptionalField() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ format: 'uuid' }) @OptionalField() @IsUUID() organizationId?: string;
  @ApiPropertyOptional({ description: 'false deactivates the account: its tokens stop working at once' })
  @OptionalField()
  @IsBoolean()
  active?: boolean;
}

export class ListUsersQuery {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organizationId?: string;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Masked for everyone but admins and the user themself' }) email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) organizationId: string | null;
  @ApiProperty() active: boolean;
}

export function toUserResponse(u: UserRecord, opts: { maskEmail: boolean } = { maskEmail: false }): UserResponse {
  return {
    id: u.id,
    email: opts.maskEmail ? maskEmail(u.email)! : u.email,
    name: u.name,
    role: u.role,
    organizationId: u.organizationId,
    active: u.active,
  };
}

/** What the audit log keeps of a user: never the password hash; the e-mail masked. */
export function userAuditSnapshot(u: UserRecord): Record<string, unknown> {
  return { name: u.name, email: maskEmail(u.email), role: u.role, organizationId: u.organizationId, active: u.active };
}
