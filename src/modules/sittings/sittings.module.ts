import { Module } from '@nestjs/common';
import { CalendarsModule } from '../calendars/calendars.module';
import { SchedulingModule } from '../../kernel/scheduling/scheduling.module';
import { HearingsModule } from '../hearings/hearings.module';
import { SittingsController } from './sittings.controller';
import { SittingsRepository } from './sittings.repository';
import { SittingsService } from './sittings.service';

/** Concentrated sittings: the planner and the booking of a whole sitting in one transaction. */
@Module({
  imports: [HearingsModule, SchedulingModule, CalendarsModule],
  controllers: [SittingsController],
  providers: [SittingsRepository, SittingsService],
})
export class SittingsModule {}
