import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CalendarExceptionKind } from './opening-hours';

/** A closure (public holiday) or a changed or extra working day (调休) on one local date of an organization. */
@Entity('calendar_exceptions')
export class CalendarException {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'organization_id' }) organizationId: string;
  /** Local date in the organization's zone, "yyyy-MM-dd". */
  @Column('date') date: string;
  @Column('text') kind: CalendarExceptionKind;
  @Column('time', { nullable: true }) opens: string | null;
  @Column('time', { nullable: true }) closes: string | null;
  @Column('text') reason: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}
