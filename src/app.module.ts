import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { dataSourceOptions } from './schema/data-source-options';
import { DatabaseModule } from './platform/database/database.module';
import { JobsModule } from './platform/jobs/jobs.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { AvailabilityModule } from './modules/availability/availability.module';
import { CalendarsModule } from './modules/calendars/calendars.module';
import { CasesModule } from './modules/cases/cases.module';
import { DirectoryModule } from './modules/directory/directory.module';
import { HealthModule } from './modules/health/health.module';
import { HearingsModule } from './modules/hearings/hearings.module';
import { LeniencyModule } from './modules/leniency/leniency.module';
import { OutcomesModule } from './modules/outcomes/outcomes.module';
import { HousekeepingModule } from './modules/housekeeping/housekeeping.module';
import { SittingsModule } from './modules/sittings/sittings.module';
import { StatisticsModule } from './modules/statistics/statistics.module';
import { UsersModule } from './modules/users/users.module';
import { VideoModule } from './modules/video/video.module';

@Module({})
export class AppModule {
  /** `config.databaseUrl` must be resolved (see src/platform/database/connect.ts) before the module is built. */
  static forRoot(config: AppConfig & { databaseUrl: string }): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl)),
        DatabaseModule,
        JobsModule,
        AuditModule,
        AuthModule,
        UsersModule,
        HealthModule,
        DirectoryModule,
        CasesModule,
        CalendarsModule,
        HearingsModule,
        AvailabilityModule,
        SittingsModule,
        LeniencyModule,
        OutcomesModule,
        StatisticsModule,
        VideoModule,
        HousekeepingModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [APP_CONFIG],
    };
  }
}
