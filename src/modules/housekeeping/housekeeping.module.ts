import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IdempotencyModule } from '../../platform/idempotency/idempotency.module';
import { RateLimitModule } from '../../platform/rate-limit/rate-limit.module';
import { VideoModule } from '../video/video.module';
import { HousekeepingService } from './housekeeping.service';

@Module({
  imports: [AuthModule, IdempotencyModule, RateLimitModule, VideoModule],
  providers: [HousekeepingService],
  exports: [HousekeepingService],
})
export class HousekeepingModule {}
