import { ApiProperty, OmitType } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { UserResponse } from '../../users/dto/user.dto';

export class LoginDto {
  @ApiProperty({ example: 'admin@remote-hearings.local' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) password: string;
}

/** The user who logged in (always active: a deactivated account cannot log in). */
class LoginUserResponse extends OmitType(UserResponse, ['active'] as const) {}

export class LoginResponse {
  @ApiProperty({ description: 'Bearer token for the Authorization header' }) accessToken: string;
  @ApiProperty({ type: 'integer', description: 'Seconds until the token expires' }) expiresIn: number;
  @ApiProperty({ type: LoginUserResponse }) user: LoginUserResponse;
}
