import { Module } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository';

/** The outbox (outbox.repository.ts), for every write path whose change others must hear of, and for the relay. */
@Module({ providers: [OutboxRepository], exports: [OutboxRepository] })
export class OutboxModule {}
