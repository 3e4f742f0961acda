import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { HearingsModule } from '../hearings/hearings.module';
import { HousekeepingService } from './housekeeping.service';

@Module({ imports: [AuthModule, HearingsModule], providers: [HousekeepingService], exports: [HousekeepingService] })
export class HousekeepingModule {}
