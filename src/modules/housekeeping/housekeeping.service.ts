import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DateTime } from 'luxon';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { LoginThrottleRepository } from '../auth/login-throttle.repository';
import { IdempotencyKeys } from '../../platform/idempotency/idempotency-keys';

interface HousekeepingReport {
  idempotencyKeys: number;
  loginFailures: number;
}

/**
 * Deletes rows that no longer count: idempotency keys past their 24 hours, login failures that have left the
 * throttling window. Every instance runs it on its own timer; the deletes are idempotent, so several instances
 * behind a load balancer need no coordination.
 */
@Injectable()
export class HousekeepingService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Housekeeping');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly idempotencyKeys: IdempotencyKeys,
    private readonly loginThrottle: LoginThrottleRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.housekeepingIntervalSeconds === 0) return;
    this.timer = setInterval(() => {
      this.runOnce().catch((err: unknown) =>
        this.logger.error({ msg: 'housekeeping failed', err: err instanceof Error ? err.message : String(err) }),
      );
    }, this.config.housekeepingIntervalSeconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async runOnce(): Promise<HousekeepingReport> {
    const loginCutoff = DateTime.utc().minus({ minutes: this.config.loginWindowMinutes });
    return {
      idempotencyKeys: await this.idempotencyKeys.purgeExpired(),
      loginFailures: await this.loginThrottle.purgeOlderThan(loginCutoff.toJSDate()),
    };
  }
}
