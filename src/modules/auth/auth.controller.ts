import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/openapi/problems';
import { Public } from '../../common/auth/decorators';
import type { AuthenticatedRequest } from '../../common/http/request-context';
import { toUserResponse } from '../users/dto/user.dto';
import { AuthService } from './auth.service';
import { LoginDto, LoginResponse } from './dto/login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with e-mail address and password; answers a bearer token' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiProblems(
    { status: 401, codes: ['INVALID_CREDENTIALS'], description: 'The e-mail address or the password is wrong' },
    { status: 429, codes: ['TOO_MANY_REQUESTS'], description: 'Too many failed logins: wait for Retry-After seconds' },
  )
  async login(@Req() req: AuthenticatedRequest, @Body() dto: LoginDto): Promise<LoginResponse> {
    const result = await this.auth.login(dto.email, dto.password, { ip: req.ip, requestId: String(req.id) });
    const { id, email, name, role, organizationId } = toUserResponse(result.user);
    return {
      accessToken: result.accessToken,
      expiresIn: result.expiresIn,
      user: { id, email, name, role, organizationId },
    };
  }
}
