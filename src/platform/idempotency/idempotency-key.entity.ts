import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A stored answer to a request sent with an Idempotency-Key, per actor and scope. Declares the schema only: read
 * and written through SQL in IdempotencyKeys.
 */
@Entity('idempotency_keys')
export class IdempotencyKey {
  @PrimaryColumn('uuid', { name: 'actor_id' }) actorId: string;
  @PrimaryColumn('text') scope: string;
  @PrimaryColumn('text') key: string;
  @Column('text', { name: 'request_hash' }) requestHash: string;
  @Column('integer', { name: 'response_status' }) responseStatus: number;
  @Column('jsonb', { name: 'response_body' }) responseBody: unknown;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
}
