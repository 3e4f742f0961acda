import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { Role } from '../../common/http/request-context';

export interface AccessTokenClaims {
  sub: string;
  role: Role;
  org: string | null;
}

/** Issues and checks the service's own bearer tokens (HS256, short-lived, with issuer). */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get ttlSeconds(): number {
    return this.config.jwtTtlSeconds;
  }

  sign(user: { id: string; role: Role; organizationId: string | null }): Promise<string> {
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, org: user.organizationId };
    // Signed and checked with the module's key (JWT_SECRET, see AuthModule).
    return this.jwt.signAsync(claims, {
      expiresIn: this.config.jwtTtlSeconds,
      issuer: this.config.jwtIssuer,
      algorithm: 'HS256',
    });
  }

  /** The user id in a valid token, or null for a missing, forged, expired or foreign token. */
  async verify(token: string): Promise<string | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        issuer: this.config.jwtIssuer,
        algorithms: ['HS256'],
      });
      return typeof claims.sub === 'string' ? claims.sub : null;
    } catch {
      return null;
    }
  }
}
