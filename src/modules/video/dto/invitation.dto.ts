import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { OptionalField } from '../../../common/http/optional-field';
import { LIVE_STATES, type LiveState } from '../live-transitions';
import { INVITATION_ROLES, type InvitationRole } from '../video-participants';

export class CreateInvitationDto {
  @ApiProperty({ enum: INVITATION_ROLES }) @IsIn(INVITATION_ROLES) role: InvitationRole;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A user to invite (a lawyer for defense_lawyer, a prosecutor, an officer for detention_center)',
  })
  @OptionalField()
  @IsUUID()
  userId?: string;
  @ApiPropertyOptional({
    description: "The guest's name, as the others see it (required without userId)",
    maxLength: 200,
  })
  @OptionalField()
  @IsString()
  @MaxLength(200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;
  @ApiPropertyOptional({ description: 'Where the link is sent', maxLength: 254 })
  @OptionalField()
  @IsEmail()
  @MaxLength(254)
  email?: string;
}

export class InvitationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: INVITATION_ROLES }) role: InvitationRole;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) userId: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'Null once erased after the hearing' }) name:
    string | null;
  @ApiProperty({ type: 'string', nullable: true }) email: string | null;
  @ApiProperty({ format: 'date-time', description: 'The join window closes then (it follows a reschedule)' })
  expiresAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) revokedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** The answer to the invitation's making: the only time its link is shown (the service keeps only a hash). */
export class CreatedInvitationResponse extends InvitationResponse {
  @ApiProperty({ description: 'PUBLIC_BASE_URL/join/<code>: shown once, send it to the invitee' }) joinUrl: string;
}

export class JoinWindowResponse {
  @ApiProperty({ format: 'date-time' }) opensAt: string;
  @ApiProperty({ format: 'date-time' }) closesAt: string;
  @ApiProperty() open: boolean;
}

/** A hearing as its invitee may see it: no case number, no names of others. */
export class JoinInfoResponse {
  @ApiProperty({ description: 'trial, arraignment, plea_signing …' }) kind: string;
  @ApiProperty({ description: 'The court (the procuratorate, for a plea signing)' }) organization: string;
  @ApiProperty({ description: 'The IANA zone of the local times' }) timeZone: string;
  @ApiProperty({ format: 'date-time', description: 'Local start with its offset' }) startsAt: string;
  @ApiProperty({ format: 'date-time', description: 'Local end with its offset' }) endsAt: string;
  @ApiProperty({ enum: INVITATION_ROLES }) role: InvitationRole;
  @ApiProperty({ type: 'string', nullable: true }) name: string | null;
  @ApiProperty({ type: JoinWindowResponse }) window: JoinWindowResponse;
  @ApiProperty({ enum: LIVE_STATES }) liveState: LiveState;
}
