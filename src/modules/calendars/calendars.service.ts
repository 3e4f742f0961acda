import { Injectable } from '@nestjs/common';
import { DateTime, Interval } from 'luxon';
import {
  ForbiddenError,
  NotFoundError,
  ValidationFailedError,
  type FieldError,
} from '../../common/errors/domain-error';
import type { RequestContext } from '../../common/http/request-context';
import { ACCEPTED_DATE_MESSAGE, assertAcceptedDate, isAcceptedDate } from '../../common/time/accepted-range';
import { toLocalIso } from '../../common/time/local-time';
import type { Transaction } from '../../platform/database/transaction';
import { TransactionRunner } from '../../platform/database/transaction-runner';
import { AuditService } from '../audit/audit.service';
import { OrganizationRecord, OrganizationsRepository } from '../directory/organizations.repository';
import { CalendarExceptionConflictError, HoursViolation, OutsideHoursError } from './calendars.errors';
import { CalendarsRepository, CalendarExceptionRecord, type HoursBetween } from './calendars.repository';
import {
  DEFAULT_WEEKLY_HOURS,
  formatStretch,
  hoursOn,
  isWithinHours,
  openIntervals,
  overlapsWithin,
  parseClock,
  WeeklyInterval,
} from './opening-hours';

/** A range an organization's hours must hold, e.g. a hearing at the court, or its buffered video-room time. */
export interface HoursRequirement {
  organizationId: string;
  startsAt: DateTime;
  endsAt: DateTime;
}

/**
 * Hours a caller has already read in its own statement (calendars.repository.ts hoursBetweenColumns), for these
 * organizations and local dates: assertWithinHours uses them when they cover what it needs, and reads otherwise.
 */
export interface PreReadHours extends HoursBetween {
  organizationIds: readonly string[];
  fromDate: string;
  toDate: string;
}

/** What the hours check needs to know of an organization. */
type HoursOrganization = Pick<OrganizationRecord, 'id' | 'kind' | 'name' | 'timeZone'>;

export interface WeeklyHours {
  organizationId: string;
  timeZone: string;
  /** True when the organization has set no hours and the default applies. */
  isDefault: boolean;
  weekly: WeeklyInterval[];
}

interface NewCalendarException {
  date: string;
  kind: 'closed' | 'open';
  opens?: string;
  closes?: string;
  reason: string;
}

const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The role that keeps the calendar of each kind of organization, besides admins. */
const CALENDAR_KEEPER = {
  court: 'clerk',
  procuratorate: 'prosecutor',
  detention_center: 'detention_officer',
  law_firm: null,
} as const;

/** Longest window GET calendar-exceptions answers, in days. */
const MAX_EXCEPTION_WINDOW_DAYS = 1100;

@Injectable()
export class CalendarsService {
  constructor(
    private readonly calendars: CalendarsRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  // ---- used by hearings, availability and sittings ------------------------------------------------------

  /**
   * Throws OutsideHoursError (422) unless every range lies entirely inside one open interval of its
   * organization (weekly hours in the organization's zone, exceptions applied). Lists every violation.
   * `organizations`: those the caller has already read in this transaction; the others are read here. `preRead`:
   * hours the caller has read (hoursDateWindow says which dates to read); not read again if they cover the check.
   */
  async assertWithinHours(
    requirements: HoursRequirement[],
    tx?: Transaction,
    organizations: readonly HoursOrganization[] = [],
    preRead?: PreReadHours,
  ): Promise<void> {
    if (requirements.length === 0) return;
    const orgIds = [...new Set(requirements.map((r) => r.organizationId))];
    const orgs = await this.loadOrganizations(orgIds, tx, organizations);
    const from = DateTime.min(...requirements.map((r) => r.startsAt))!;
    const to = DateTime.max(...requirements.map((r) => r.endsAt))!;
    const { fromDate, toDate } = localDateWindow(from, to);
    const covered =
      preRead !== undefined &&
      preRead.fromDate <= fromDate &&
      preRead.toDate >= toDate &&
      orgIds.every((id) => preRead.organizationIds.includes(id));
    const { weekly, exceptions } = covered
      ? preRead
      : await this.calendars.findHoursBetween(orgIds, fromDate, toDate, tx);

    const violations: HoursViolation[] = [];
    const seen = new Set<string>();
    for (const r of requirements) {
      const org = orgs.get(r.organizationId)!;
      const orgWeekly = weekly.get(org.id) ?? [];
      const orgExceptions = exceptions.filter((e) => e.organizationId === org.id);
      if (isWithinHours(orgWeekly, orgExceptions, org.timeZone, r.startsAt, r.endsAt)) continue;
      const key = `${org.id}|${r.startsAt.toMillis()}|${r.endsAt.toMillis()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const date = r.startsAt.setZone(org.timeZone).toISODate()!;
      const day = hoursOn(date, orgWeekly, orgExceptions);
      violations.push({
        organization: { id: org.id, name: org.name, kind: org.kind, timeZone: org.timeZone },
        date,
        hours: day.intervals.map(formatStretch),
        closed: day.intervals.length === 0,
        reason: day.reason,
        localStartsAt: toLocalIso(r.startsAt, org.timeZone),
        localEndsAt: toLocalIso(r.endsAt, org.timeZone),
      });
    }
    if (violations.length > 0) throw new OutsideHoursError(violations);
  }

  /**
   * For each organization, the UTC intervals within [from, to) when it is open, sorted, touching ones joined.
   * Reads only the exceptions of the local dates of that window.
   */
  async openIntervals(
    organizationIds: string[],
    from: DateTime,
    to: DateTime,
    tx?: Transaction,
  ): Promise<Map<string, Interval[]>> {
    const orgIds = [...new Set(organizationIds)];
    const out = new Map<string, Interval[]>();
    if (orgIds.length === 0) return out;
    const orgs = await this.loadOrganizations(orgIds, tx);
    const { weekly, exceptions } = await this.loadCalendars(orgIds, from, to, tx);
    for (const id of orgIds) {
      const org = orgs.get(id)!;
      out.set(
        id,
        openIntervals(
          weekly.get(id) ?? [],
          exceptions.filter((e) => e.organizationId === id),
          org.timeZone,
          from,
          to,
        ),
      );
    }
    return out;
  }

  private async loadOrganizations(
    ids: string[],
    tx?: Transaction,
    known: readonly HoursOrganization[] = [],
  ): Promise<Map<string, HoursOrganization>> {
    const out = new Map<string, HoursOrganization>(known.filter((o) => ids.includes(o.id)).map((o) => [o.id, o]));
    const toRead = ids.filter((id) => !out.has(id));
    for (const o of await this.organizations.findByIds(toRead, tx)) out.set(o.id, o);
    const missing = ids.find((id) => !out.has(id));
    if (missing) throw new NotFoundError('Organization', missing);
    return out;
  }

  private async loadCalendars(orgIds: string[], from: DateTime, to: DateTime, tx?: Transaction) {
    const { fromDate, toDate } = localDateWindow(from, to);
    return this.calendars.findHoursBetween(orgIds, fromDate, toDate, tx);
  }

  // ---- the calendar endpoints ---------------------------------------------------------------------------

  private async organizationOrThrow(id: string, tx?: Transaction): Promise<OrganizationRecord> {
    const org = await this.organizations.findById(id, tx);
    if (!org) throw new NotFoundError('Organization', id);
    return org;
  }

  private assertMayEdit(ctx: RequestContext, org: OrganizationRecord): void {
    if (ctx.actor.role === 'admin') return;
    const keeper = CALENDAR_KEEPER[org.kind];
    if (keeper && ctx.actor.role === keeper && ctx.actor.organizationId === org.id) return;
    throw new ForbiddenError(
      keeper
        ? `Only an admin or a ${keeper.replace('_', ' ')} of this ${org.kind.replace('_', ' ')} may change its calendar`
        : 'Only an admin may change the calendar of this organization',
    );
  }

  async getWeeklyHours(organizationId: string): Promise<WeeklyHours> {
    const org = await this.organizationOrThrow(organizationId);
    const weekly = (await this.calendars.findWeeklyHours([org.id])).get(org.id) ?? [];
    return weekly.length > 0
      ? { organizationId: org.id, timeZone: org.timeZone, isDefault: false, weekly }
      : {
          organizationId: org.id,
          timeZone: org.timeZone,
          isDefault: true,
          weekly: DEFAULT_WEEKLY_HOURS.map((w) => ({ ...w })),
        };
  }

  async replaceWeeklyHours(
    ctx: RequestContext,
    organizationId: string,
    weekly: WeeklyInterval[],
  ): Promise<WeeklyHours> {
    checkWeekly(weekly);
    return this.tx.run(async (tx) => {
      const org = await this.organizationOrThrow(organizationId, tx);
      this.assertMayEdit(ctx, org);
      await this.calendars.lockCalendar(tx, org.id);
      const before = (await this.calendars.findWeeklyHours([org.id], tx)).get(org.id) ?? [];
      await this.calendars.replaceWeeklyHours(tx, org.id, weekly);
      const after = (await this.calendars.findWeeklyHours([org.id], tx)).get(org.id) ?? [];
      await this.audit.record(tx, ctx, {
        action: 'replace_opening_hours',
        entityType: 'calendar',
        entityId: org.id,
        before: { weekly: before, isDefault: before.length === 0 },
        after: { weekly: after, isDefault: after.length === 0 },
      });
      return after.length > 0
        ? { organizationId: org.id, timeZone: org.timeZone, isDefault: false, weekly: after }
        : {
            organizationId: org.id,
            timeZone: org.timeZone,
            isDefault: true,
            weekly: DEFAULT_WEEKLY_HOURS.map((w) => ({ ...w })),
          };
    });
  }

  async listExceptions(organizationId: string, from: string, to: string): Promise<CalendarExceptionRecord[]> {
    assertAcceptedDate(from, 'from');
    assertAcceptedDate(to, 'to');
    const fromDate = DateTime.fromISO(from, { zone: 'utc' });
    const toDate = DateTime.fromISO(to, { zone: 'utc' });
    if (toDate < fromDate) throw ValidationFailedError.field('to', 'must not be before from');
    if (toDate.diff(fromDate, 'days').days > MAX_EXCEPTION_WINDOW_DAYS) {
      throw ValidationFailedError.field('to', `the window may span at most ${MAX_EXCEPTION_WINDOW_DAYS} days`);
    }
    const org = await this.organizationOrThrow(organizationId);
    return this.calendars.findExceptionsBetween([org.id], from, to);
  }

  async addException(
    ctx: RequestContext,
    organizationId: string,
    dto: NewCalendarException,
  ): Promise<CalendarExceptionRecord> {
    const row = checkException(dto);
    return this.tx.run(async (tx) => {
      const org = await this.organizationOrThrow(organizationId, tx);
      this.assertMayEdit(ctx, org);
      await this.calendars.lockCalendar(tx, org.id);
      const existing = await this.calendars.findExceptionsOn(tx, org.id, row.date);
      const clash = conflictWith(row, existing);
      if (clash) throw new CalendarExceptionConflictError(clash.detail, clash.with.map(exceptionSnapshot));
      const saved = await this.calendars.insertException(tx, { organizationId: org.id, ...row });
      await this.audit.record(tx, ctx, {
        action: 'add_calendar_exception',
        entityType: 'calendar',
        entityId: org.id,
        after: exceptionSnapshot(saved),
      });
      return saved;
    });
  }

  async removeException(ctx: RequestContext, organizationId: string, exceptionId: string): Promise<void> {
    await this.tx.run(async (tx) => {
      const org = await this.organizationOrThrow(organizationId, tx);
      this.assertMayEdit(ctx, org);
      await this.calendars.lockCalendar(tx, org.id);
      const existing = await this.calendars.findException(org.id, exceptionId, tx);
      if (!existing) throw new NotFoundError('Calendar exception', exceptionId);
      await this.calendars.deleteException(tx, existing.id);
      await this.audit.record(tx, ctx, {
        action: 'delete_calendar_exception',
        entityType: 'calendar',
        entityId: org.id,
        before: exceptionSnapshot(existing),
      });
    });
  }
}

/** The local dates that [from, to) may touch in any zone: local dates differ from UTC dates by less than a day. */
function localDateWindow(from: DateTime, to: DateTime): { fromDate: string; toDate: string } {
  return hoursDateWindow(from.toMillis(), to.toMillis());
}

/**
 * The local dates whose hours and exceptions the hours check of ranges within [fromMs, toMs) reads, whatever the
 * organizations' zones: UTC dates a day either side, in plain milliseconds (every UTC day has 24 hours; luxon is
 * costly per booking). For a caller that reads the hours itself (PreReadHours).
 */
export function hoursDateWindow(fromMs: number, toMs: number): { fromDate: string; toDate: string } {
  const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { fromDate: utcDate(fromMs - DAY_MS), toDate: utcDate(toMs + DAY_MS) };
}
const DAY_MS = 86_400_000;

function exceptionSnapshot(e: CalendarExceptionRecord): Record<string, unknown> & {
  id: string;
  date: string;
  kind: string;
  opens: string | null;
  closes: string | null;
  reason: string;
} {
  return { id: e.id, date: e.date, kind: e.kind, opens: e.opens, closes: e.closes, reason: e.reason };
}

/** Rules the DTO cannot express: opens < closes, and no overlapping or touching stretches on one weekday. */
function checkWeekly(weekly: WeeklyInterval[]): void {
  const errors: FieldError[] = [];
  weekly.forEach((w, i) => {
    const opens = parseClock(w.opens);
    const closes = parseClock(w.closes, { allowEndOfDay: true });
    if (opens !== null && closes !== null && opens >= closes) {
      errors.push({ field: `weekly[${i}].closes`, message: `must be after opens (${w.opens})` });
    }
  });
  if (errors.length === 0) {
    for (let weekday = 1; weekday <= 7; weekday++) {
      const indexes = weekly.map((w, i) => ({ w, i })).filter(({ w }) => w.weekday === weekday);
      const pair = overlapsWithin(indexes.map(({ w }) => w));
      if (pair) {
        const [a, b] = pair.map((k) => indexes[k]);
        const [first, second] = a.i < b.i ? [a, b] : [b, a];
        errors.push({
          field: `weekly[${second.i}]`,
          message: `overlaps or touches weekly[${first.i}] (${WEEKDAY_NAMES[weekday]} ${formatStretch(first.w)}); join them into one stretch`,
        });
      }
    }
  }
  if (errors.length > 0) throw new ValidationFailedError(errors);
}

/** Rules across fields of a new exception; returns the row to store. */
function checkException(dto: NewCalendarException): {
  date: string;
  kind: 'closed' | 'open';
  opens: string | null;
  closes: string | null;
  reason: string;
} {
  const errors: FieldError[] = [];
  const reason = dto.reason.trim();
  if (reason === '') errors.push({ field: 'reason', message: 'must not be blank' });
  const hasOpens = dto.opens !== undefined && dto.opens !== null;
  const hasCloses = dto.closes !== undefined && dto.closes !== null;
  if (dto.kind === 'closed') {
    if (hasOpens)
      errors.push({ field: 'opens', message: 'must be left out when kind is closed (the whole date is closed)' });
    if (hasCloses)
      errors.push({ field: 'closes', message: 'must be left out when kind is closed (the whole date is closed)' });
  } else if (hasOpens !== hasCloses) {
    errors.push({
      field: hasOpens ? 'closes' : 'opens',
      message: 'opens and closes go together: give both or neither',
    });
  } else if (hasOpens && hasCloses) {
    const opens = parseClock(dto.opens!);
    const closes = parseClock(dto.closes!, { allowEndOfDay: true });
    if (opens !== null && closes !== null && opens >= closes)
      errors.push({ field: 'closes', message: `must be after opens (${dto.opens})` });
  }
  if (!isAcceptedDate(dto.date)) errors.push({ field: 'date', message: ACCEPTED_DATE_MESSAGE });
  if (errors.length > 0) throw new ValidationFailedError(errors);
  return {
    date: dto.date,
    kind: dto.kind,
    opens: hasOpens ? dto.opens! : null,
    closes: hasCloses ? dto.closes! : null,
    reason,
  };
}

/**
 * One date holds either one closure, or one "normal working day" opening, or opening stretches that neither
 * overlap nor touch. Anything else would make the date's hours ambiguous.
 */
function conflictWith(
  row: { date: string; kind: 'closed' | 'open'; opens: string | null; closes: string | null },
  existing: CalendarExceptionRecord[],
): { detail: string; with: CalendarExceptionRecord[] } | null {
  if (existing.length === 0) return null;
  const closures = existing.filter((e) => e.kind === 'closed');
  if (row.kind === 'closed') {
    return closures.length > 0
      ? { detail: `${row.date} is already closed`, with: closures }
      : {
          detail: `${row.date} already has opening hours of its own; delete them before closing the date`,
          with: existing,
        };
  }
  if (closures.length > 0)
    return { detail: `${row.date} is closed; delete the closure before opening the date`, with: closures };
  const wholeDay = existing.filter((e) => e.opens === null);
  if (wholeDay.length > 0) return { detail: `${row.date} is already open as a normal working day`, with: wholeDay };
  if (row.opens === null) return { detail: `${row.date} already has opening hours of its own`, with: existing };
  const opens = parseClock(row.opens)!;
  const closes = parseClock(row.closes!, { allowEndOfDay: true })!;
  const overlapping = existing.filter(
    (e) => parseClock(e.opens!)! <= closes && opens <= parseClock(e.closes!, { allowEndOfDay: true })!,
  );
  return overlapping.length > 0
    ? {
        detail: `${row.opens}-${row.closes} overlaps or touches opening hours already set on ${row.date}`,
        with: overlapping,
      }
    : null;
}
