import { Module } from '@nestjs/common';
import { OrganizationsRepository } from '../directory/organizations.repository';
import { CalendarsController } from './calendars.controller';
import { CalendarsRepository } from './calendars.repository';
import { CalendarsService } from './calendars.service';

/** Opening hours, closures and make-up working days of organizations; the hours check used by bookings. */
@Module({
  controllers: [CalendarsController],
  providers: [CalendarsRepository, CalendarsService, OrganizationsRepository],
  exports: [CalendarsService],
})
export class CalendarsModule {}
