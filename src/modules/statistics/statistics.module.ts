import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { StatisticsController } from './statistics.controller';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService } from './statistics.service';

/** The statistics: read-only figures counted by the database over the records the caller may see. */
@Module({
  imports: [DirectoryModule],
  controllers: [StatisticsController],
  providers: [StatisticsRepository, StatisticsService],
})
export class StatisticsModule {}
