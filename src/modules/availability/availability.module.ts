import { Module } from '@nestjs/common';
import { CalendarsModule } from '../calendars/calendars.module';
import { SchedulingModule } from '../../kernel/scheduling/scheduling.module';
import { HearingsModule } from '../hearings/hearings.module';
import { AvailabilityController } from './availability.controller';
import { AvailabilityService } from './availability.service';

/** The slot finder: GET /availability. Reads the reservations (the scheduling kernel), the booking's facts and the calendars; writes nothing. */
@Module({
  imports: [HearingsModule, SchedulingModule, CalendarsModule],
  controllers: [AvailabilityController],
  providers: [AvailabilityService],
})
export class AvailabilityModule {}
