import { Column, Entity, Generated, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An event in the outbox (migration Outbox): declares the schema only. Written through the SQL function
 * `outbox_emit` and read by the relay, both in OutboxRepository.
 */
@Entity('outbox')
export class OutboxEventRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'bigint', generatedIdentity: 'ALWAYS' })
  @Generated('increment')
  position: string;
  @Column('text') topic: string;
  @Column('jsonb') payload: Record<string, unknown>;
  @Column('text', { name: 'request_id', nullable: true }) requestId: string | null;
  @Column('timestamptz', { name: 'occurred_at', default: () => 'now()' }) occurredAt: Date;
  @Column('timestamptz', { name: 'relayed_at', nullable: true }) relayedAt: Date | null;
}
