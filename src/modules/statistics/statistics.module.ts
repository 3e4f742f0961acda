import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { UsersModule } from '../users/users.module';
import { HearingStatsRepository } from './hearing-stats.repository';
import { HearingStatsService } from './hearing-stats.service';
import { ProposalStatsRepository } from './proposal-stats.repository';
import { ProposalStatsService } from './proposal-stats.service';
import { StatisticsController } from './statistics.controller';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService } from './statistics.service';

/** The statistics: read-only figures counted by the database over the records the caller may see. */
@Module({
  imports: [DirectoryModule, UsersModule],
  controllers: [StatisticsController],
  providers: [
    StatisticsRepository,
    StatisticsService,
    HearingStatsRepository,
    HearingStatsService,
    ProposalStatsRepository,
    ProposalStatsService,
  ],
})
export class StatisticsModule {}
