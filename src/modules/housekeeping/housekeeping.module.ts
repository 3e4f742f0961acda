import { Module } from '@nestjs/common';
import { HearingsModule } from '../hearings/hearings.module';
import { HousekeepingService } from './housekeeping.service';

@Module({ imports: [HearingsModule], providers: [HousekeepingService], exports: [HousekeepingService] })
export class HousekeepingModule {}
