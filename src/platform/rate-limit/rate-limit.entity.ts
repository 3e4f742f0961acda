import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Fixed-window request counters shared by every instance (migration Invitations). */
@Entity('rate_limit_hits')
export class RateLimitHit {
  @PrimaryColumn('text') bucket: string;
  @PrimaryColumn('timestamptz', { name: 'window_start' }) windowStart: Date;
  @Column('integer') hits: number;
}
