import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { Role } from '../../common/http/request-context';

export interface AccessTokenClaims {
  sub: string;
  role: Role;
  org: string | null;
  /** The account's token_version when the token was issued (see migrations/1764500800000-...). */
  ver: number;
  iat?: number;
  exp?: number;
}

/** What a valid token says: whose it is and at which version of the account it was issued. */
export interface VerifiedToken {
  userId: string;
  tokenVersion: number;
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

  sign(user: { id: string; role: Role; organizationId: string | null; tokenVersion: number }): Promise<string> {
    const claims: AccessTokenClaims = {
      sub: user.id,
      role: user.role,
      org: user.organizationId,
      ver: user.tokenVersion,
    };
    // Signed and checked with the module's key (JWT_SECRET, see AuthModule).
    return this.jwt.signAsync(claims, {
      expiresIn: this.config.jwtTtlSeconds,
      issuer: this.config.jwtIssuer,
      algorithm: 'HS256',
    });
  }

  /**
   * The user and account version of a valid token, or null for a missing, forged, expired or foreign token, and for
   * one without `exp` or `iat` (jsonwebtoken checks `exp` only when present: a token without it would never expire).
   */
  async verify(token: string): Promise<VerifiedToken | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        issuer: this.config.jwtIssuer,
        algorithms: ['HS256'],
      });
      if (typeof claims.sub !== 'string' || !Number.isInteger(claims.ver)) return null;
      if (!Number.isFinite(claims.exp) || !Number.isFinite(claims.iat)) return null;
      return { userId: claims.sub, tokenVersion: claims.ver };
    } catch {
      return null;
    }
  }
}
