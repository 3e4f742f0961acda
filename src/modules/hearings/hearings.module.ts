import { Module } from '@nestjs/common';
import { CalendarsModule } from '../calendars/calendars.module';
import { CasesModule } from '../cases/cases.module';
import { CaseScheduleFollower } from './case-schedule-follower.service';
import { HearingBookingService } from './hearing-booking.service';
import { HearingsController } from './hearings.controller';
import { HearingsRepository } from './hearings.repository';
import { HearingsService } from './hearings.service';

/**
 * Hearings and the reservations that keep anyone from being double-booked. Exports the booking service (book
 * inside a caller's transaction) and the repository (findBusy, findClashes, findCaseParties) for the
 * availability and sittings modules. Imports CasesModule only to register CaseScheduleFollower with its
 * CaseChangeListeners, so that a change of a case's people reaches the hearings (cases does not import hearings).
 */
@Module({
  imports: [CalendarsModule, CasesModule],
  controllers: [HearingsController],
  providers: [HearingsRepository, HearingBookingService, HearingsService, CaseScheduleFollower],
  exports: [HearingsRepository, HearingBookingService, HearingsService],
})
export class HearingsModule {}
