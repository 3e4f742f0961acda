import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One stretch of an organization's weekly hours, in its own time zone. Several a weekday. */
@Entity('opening_hours')
export class OpeningHour {
  @PrimaryColumn('uuid', { name: 'organization_id' }) organizationId: string;
  /** 1 = Monday .. 7 = Sunday (ISO, as luxon counts them). */
  @PrimaryColumn('smallint') weekday: number;
  /** Local wall-clock times, "HH:mm:ss" as PostgreSQL returns them; "24:00:00" closes at the end of the day. */
  @PrimaryColumn('time') opens: string;
  @Column('time') closes: string;
}
