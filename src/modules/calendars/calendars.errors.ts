import { ConflictError, DomainError } from '../../common/errors/domain-error';
import type { OrganizationRecord } from '../directory/organizations.repository';

/** One organization whose hours do not hold a requested range. */
export interface HoursViolation {
  organization: Pick<OrganizationRecord, 'id' | 'name' | 'kind' | 'timeZone'>;
  /** The local date of the requested start, in the organization's zone. */
  date: string;
  /** Local opening hours that date, e.g. ["08:30-12:00", "14:00-17:30"]; [] when closed. */
  hours: string[];
  closed: boolean;
  /** The reason of the closure or the changed working day that applies to the date, else null. */
  reason: string | null;
  /** The requested range in the organization's zone, ISO 8601 with offset. */
  localStartsAt: string;
  localEndsAt: string;
}

export class OutsideHoursError extends DomainError {
  readonly code = 'OUTSIDE_HOURS';
  readonly status = 422;
  readonly title = 'Outside opening hours';
  constructor(readonly violations: HoursViolation[]) {
    super(
      violations
        .map((v) => {
          const when = `${v.localStartsAt.slice(11, 16)}-${v.localEndsAt.slice(11, 16)}`;
          const hours = v.closed
            ? `closed${v.reason ? ` (${v.reason})` : ''}`
            : v.hours.length
              ? `open ${v.hours.join(', ')}`
              : 'closed';
          return `${v.organization.name} (${v.organization.timeZone}) is ${hours} on ${v.date}; requested ${when} local time`;
        })
        .join('; '),
      { violations },
    );
  }
}

export class CalendarExceptionConflictError extends ConflictError {
  override readonly code = 'CALENDAR_EXCEPTION_CONFLICT';
  override readonly title = 'The date already has a conflicting exception';
  constructor(
    detail: string,
    existing: { id: string; date: string; kind: string; opens: string | null; closes: string | null; reason: string }[],
  ) {
    super(detail, { conflicts: existing });
  }
}
