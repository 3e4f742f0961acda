import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { CalendarsController } from './calendars.controller';
import { CalendarsRepository } from './calendars.repository';
import { CalendarsService } from './calendars.service';

/** Opening hours, closures and make-up working days of organizations; the hours check used by bookings. */
@Module({
  imports: [DirectoryModule],
  controllers: [CalendarsController],
  providers: [CalendarsRepository, CalendarsService],
  exports: [CalendarsService],
})
export class CalendarsModule {}
