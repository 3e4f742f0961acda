import { Module } from '@nestjs/common';
import { SchedulingModule } from '../../kernel/scheduling/scheduling.module';
import { IdempotencyModule } from '../../platform/idempotency/idempotency.module';
import { OutboxModule } from '../../platform/outbox/outbox.module';
import { CalendarsModule } from '../calendars/calendars.module';
import { CasesModule } from '../cases/cases.module';
import { BookingFactsRepository } from './booking-facts.repository';
import { CaseScheduleFollower } from './case-schedule-follower.service';
import { HearingBookingService } from './hearing-booking.service';
import { HearingChanges } from './hearing-changes';
import { HearingsController } from './hearings.controller';
import { HearingsRepository } from './hearings.repository';
import { HearingsService } from './hearings.service';

/**
 * Hearings: booking them without double-booking anyone (the reservations are the scheduling kernel's,
 * SchedulingModule). Exports the booking service (book inside a caller's transaction), the hearing rows and the
 * booking's facts (findCaseToBook, findOrganizations...) for the availability and sittings modules. Imports
 * CasesModule only to register CaseScheduleFollower with its CaseChangeListeners, so that a change of a case's
 * people reaches the hearings (cases does not import hearings).
 */
@Module({
  imports: [CalendarsModule, CasesModule, SchedulingModule, IdempotencyModule, OutboxModule],
  controllers: [HearingsController],
  providers: [
    HearingsRepository,
    BookingFactsRepository,
    HearingChanges,
    HearingBookingService,
    HearingsService,
    CaseScheduleFollower,
  ],
  exports: [HearingsRepository, BookingFactsRepository, HearingBookingService, HearingsService],
})
export class HearingsModule {}
