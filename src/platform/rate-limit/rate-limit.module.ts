import { Module } from '@nestjs/common';
import { RateLimiter } from './rate-limiter';

/** Request limits shared by every instance (PostgreSQL counters). */
@Module({ providers: [RateLimiter], exports: [RateLimiter] })
export class RateLimitModule {}
