import { Module } from '@nestjs/common';
import { CalendarsModule } from '../calendars/calendars.module';
import { HearingBookingService } from './hearing-booking.service';
import { HearingsController } from './hearings.controller';
import { HearingsRepository } from './hearings.repository';
import { HearingsService } from './hearings.service';

/**
 * Hearings and the reservations that keep anyone from being double-booked. Exports the booking service (book
 * inside a caller's transaction) and the repository (findBusy, findClashes, findCaseParties) for the
 * availability and sittings modules.
 */
@Module({
  imports: [CalendarsModule],
  controllers: [HearingsController],
  providers: [HearingsRepository, HearingBookingService, HearingsService],
  exports: [HearingsRepository, HearingBookingService, HearingsService],
})
export class HearingsModule {}
