import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC, ROLES_KEY } from '../../common/auth/decorators';
import { ForbiddenError, UnauthorizedError } from '../../common/errors/domain-error';
import type { AuthenticatedRequest, Role } from '../../common/http/request-context';
import { UsersRepository } from '../users/users.repository';
import { TokenService } from './token.service';

/**
 * Global guard: every route needs a valid bearer token of an active user unless marked @Public().
 * The account is looked up on each request so a deactivated user is locked out at once, and a token issued before
 * a deactivation, a role, organization or password change is refused (its version no longer matches).
 * @Roles() then limits the route to some roles (403 for others).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly users: UsersRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    // The scheme is case-insensitive (RFC 9110, 11.1): `bearer` and `BEARER` are `Bearer`.
    const match = typeof header === 'string' ? /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header) : null;
    if (!match) throw new UnauthorizedError('A bearer token is required (Authorization: Bearer <token>)');
    const token = await this.tokens.verify(match[1]);
    const actor = token ? await this.users.findActiveActor(token.userId, token.tokenVersion) : null;
    if (!actor) throw new UnauthorizedError('The bearer token is invalid or expired, or the account is inactive');
    req.actor = actor;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(actor.role)) {
      throw new ForbiddenError(`This action is not allowed for the role ${actor.role}`);
    }
    return true;
  }
}
