import { Module } from '@nestjs/common';
import { CalendarsModule } from '../calendars/calendars.module';
import { HearingsModule } from '../hearings/hearings.module';
import { AvailabilityController } from './availability.controller';
import { AvailabilityService } from './availability.service';

/** The slot finder: GET /availability. Reads hearings' reservations and the calendars; writes nothing. */
@Module({
  imports: [HearingsModule, CalendarsModule],
  controllers: [AvailabilityController],
  providers: [AvailabilityService],
})
export class AvailabilityModule {}
