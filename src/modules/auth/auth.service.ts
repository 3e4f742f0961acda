import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { TooManyRequestsError } from '../../common/errors/domain-error';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { normalizeEmail } from '../users/email-address';
import { UserRecord, UsersRepository } from '../users/users.repository';
import { InvalidCredentialsError } from './auth.errors';
import { LoginThrottleRepository } from './login-throttle.repository';
import { dummyPasswordHash, verifyPassword } from '../../common/crypto/password';
import { TokenService } from './token.service';

interface LoginResult {
  accessToken: string;
  expiresIn: number;
  user: UserRecord;
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

  /**
   * Three limits on failed logins within LOGIN_WINDOW_MINUTES, each a count of rows in PostgreSQL:
   * - one account from one client address (LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP, 5): stops a guesser without
   *   locking out the owner, who logs in from another address;
   * - one account from every address together (LOGIN_MAX_FAILURES_PER_ACCOUNT, 100): stops a guess spread over
   *   many addresses, high enough that a stranger needs many addresses and guesses to lock anyone out;
   * - one address over every account (LOGIN_MAX_FAILURES_PER_IP, 30).
   * The account is named by its normalized address (normalizeEmail), as the look-up finds it.
   */
  async login(email: string, password: string, meta: { ip: string; requestId: string }): Promise<LoginResult> {
    const account = createHash('sha256').update(normalizeEmail(email)).digest('hex');
    const accountKey = `account:${account}`;
    const accountIpKey = `account-ip:${account}:${meta.ip}`;
    const ipKey = `ip:${meta.ip}`;
    const windowStart = DateTime.utc().minus({ minutes: this.config.loginWindowMinutes });
    // The attempt counts as a failure before the (slow) password check and is forgiven if it succeeds, so that
    // attempts sent all at once cannot each pass the limit before any of them is recorded.
    const keys = [accountIpKey, accountKey, ipKey];
    const attempt = await this.throttle.recordFailure(keys);
    const failures = await this.throttle.recentFailures(keys, windowStart.toJSDate());
    const limits: [string, number, string][] = [
      [accountIpKey, this.config.loginMaxFailuresPerAccountAndIp, 'for this account from this address'],
      [accountKey, this.config.loginMaxFailuresPerAccount, 'for this account'],
      [ipKey, this.config.loginMaxFailuresPerIp, 'from this address'],
    ];
    for (const [key, max, what] of limits) {
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
        throw new TooManyRequestsError(`Too many failed logins ${what}; try again later`, retryAfter);
      }
    }

    const user = await this.users.findForLogin(email);
    const ok = user
      ? await verifyPassword(user.passwordHash, password)
      : await verifyPassword(await dummyPasswordHash(), password).then(() => false);
    if (!user || !ok || !user.active) {
      throw new InvalidCredentialsError();
    }
    await this.throttle.forgive(attempt);

    await this.tx.run((tx) =>
      this.audit.record(
        tx,
        { actor: { id: user.id }, requestId: meta.requestId },
        {
          action: 'login',
          entityType: 'session',
          entityId: user.id,
        },
      ),
    );
    // Only this address's failures: those from elsewhere may be a distributed guess that goes on.
    await this.throttle.clear(accountIpKey);
    const { passwordHash: _omit, ...safe } = user;
    return { accessToken: await this.tokens.sign(user), expiresIn: this.tokens.ttlSeconds, user: safe };
  }
}
