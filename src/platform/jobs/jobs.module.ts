import { Global, Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { JobsService } from './jobs.service';

/** The job queue and the outbox relay (jobs.service.ts): global, as every feature with background work uses it. */
@Global()
@Module({ imports: [OutboxModule], providers: [JobsService], exports: [JobsService] })
export class JobsModule {}
