import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { TooManyRequestsError } from '../../common/errors/domain-error';
import { TransactionRunner } from '../../database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { InvalidCredentialsError } from './auth.errors';
import { LoginThrottleRepository } from './login-throttle.repository';
import { dummyPasswordHash, verifyPassword } from './password';
import { TokenService } from './token.service';

export interface LoginResult {
  accessToken: string;
  expiresIn: number;
  user: User;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly throttle: LoginThrottleRepository,
    private readonly tokens: TokenService,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string, meta: { ip: string; requestId: string }): Promise<LoginResult> {
    const accountKey = `account:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;
    const ipKey = `ip:${meta.ip}`;
    const windowStart = DateTime.utc().minus({ minutes: this.config.loginWindowMinutes });
    // The attempt counts as a failure before the (slow) password check and is forgiven if it succeeds, so that
    // attempts sent all at once cannot each pass the limit before any of them is recorded.
    const attempt = await this.throttle.recordFailure([accountKey, ipKey]);
    const failures = await this.throttle.recentFailures([accountKey, ipKey], windowStart.toJSDate());
    const limits: [string, number][] = [
      [accountKey, this.config.loginMaxFailuresPerAccount],
      [ipKey, this.config.loginMaxFailuresPerIp],
    ];
    for (const [key, max] of limits) {
      const f = failures.get(key);
      if (f && f.count > max) {
        // A refused attempt is not a failed password: it must not push the lockout further.
        await this.throttle.forgive(attempt);
        const retryAfter = Math.max(
          1,
          Math.ceil(
            DateTime.fromJSDate(f.oldest).plus({ minutes: this.config.loginWindowMinutes }).diffNow('seconds').seconds,
          ),
        );
        throw new TooManyRequestsError(
          key === accountKey
            ? 'Too many failed logins for this account; try again later'
            : 'Too many failed logins from this address; try again later',
          retryAfter,
        );
      }
    }

    const user = await this.users.findForLogin(email.trim());
    const ok = user
      ? await verifyPassword(user.passwordHash, password)
      : await verifyPassword(await dummyPasswordHash(), password).then(() => false);
    if (!user || !ok || !user.active) {
      throw new InvalidCredentialsError();
    }
    await this.throttle.forgive(attempt);

    await this.tx.run((manager) =>
      this.audit.record(
        manager,
        { actor: { id: user.id }, requestId: meta.requestId },
        {
          action: 'login',
          entityType: 'session',
          entityId: user.id,
        },
      ),
    );
    await this.throttle.clear(accountKey);
    const { passwordHash: _omit, ...safe } = user;
    return { accessToken: await this.tokens.sign(user), expiresIn: this.tokens.ttlSeconds, user: safe as User };
  }
}
