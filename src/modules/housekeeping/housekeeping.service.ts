import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DateTime } from 'luxon';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { LoginThrottleRepository } from '../auth/login-throttle.repository';
import { IdempotencyKeys } from '../../platform/idempotency/idempotency-keys';
import { JobsService } from '../../platform/jobs/jobs.service';
import { RateLimiter } from '../../platform/rate-limit/rate-limiter';
import { InvitationsRepository } from '../video/invitations.repository';

interface HousekeepingReport {
  idempotencyKeys: number;
  loginFailures: number;
  rateLimitWindows: number;
  guestsErased: number;
}

/** Rate-limit windows older than this are over (the longest window is a minute). */
const RATE_LIMIT_KEEP_MINUTES = 60;

/** The queue of the recurring housekeeping job. */
export const HOUSEKEEPING_QUEUE = 'housekeeping';

/**
 * Deletes rows that no longer count: idempotency keys past their 24 hours, login failures that have left the
 * throttling window, rate-limit windows that are over; and erases the names and e-mails of join-link guests
 * GUEST_DATA_RETENTION_DAYS after their hearing. A recurring job of the queue (every HOUSEKEEPING_INTERVAL_SECONDS), run by one instance each
 * time; the deletes are idempotent, so a retry or a run on two instances after a failover does no harm.
 */
@Injectable()
export class HousekeepingService implements OnModuleInit {
  constructor(
    private readonly idempotencyKeys: IdempotencyKeys,
    private readonly loginThrottle: LoginThrottleRepository,
    private readonly rateLimits: RateLimiter,
    private readonly invitations: InvitationsRepository,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    // A failed run is retried twice, a minute apart; the next occurrence comes anyway, so no dead letter.
    await this.jobs.work(
      HOUSEKEEPING_QUEUE,
      { retryLimit: 2, retryDelaySeconds: 60, backoff: false, deadLetter: false },
      async () => void (await this.runOnce()),
    );
    await this.jobs.every(HOUSEKEEPING_QUEUE, this.config.housekeepingIntervalSeconds / 60);
  }

  async runOnce(): Promise<HousekeepingReport> {
    const loginCutoff = DateTime.utc().minus({ minutes: this.config.loginWindowMinutes });
    return {
      idempotencyKeys: await this.idempotencyKeys.purgeExpired(),
      loginFailures: await this.loginThrottle.purgeOlderThan(loginCutoff.toJSDate()),
      rateLimitWindows: await this.rateLimits.deleteBefore(
        DateTime.utc().minus({ minutes: RATE_LIMIT_KEEP_MINUTES }).toJSDate(),
      ),
      guestsErased: await this.invitations.eraseGuestData(this.config.guestDataRetentionDays),
    };
  }
}
