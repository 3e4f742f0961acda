import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IdempotencyModule } from '../../platform/idempotency/idempotency.module';
import { HousekeepingService } from './housekeeping.service';

@Module({ imports: [AuthModule, IdempotencyModule], providers: [HousekeepingService], exports: [HousekeepingService] })
export class HousekeepingModule {}
