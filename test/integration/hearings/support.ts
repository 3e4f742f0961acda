import { DateTime } from 'luxon';
import type { TestApp } from '../../support/test-app';
import type { World } from '../../support/factories';
import { workingDay } from '../../support/dates';

/** A Monday three weeks after the current one (computed from now, never a fixed date), in the default hours. */
export const MONDAY = workingDay(3);

/** A local wall-clock time in a zone, as ISO 8601 with its offset: local(MONDAY, '09:00'). */
export function local(date: string, time: string, zone = 'Asia/Shanghai'): string {
  return DateTime.fromISO(`${date}T${time}`, { zone }).toISO({ suppressMilliseconds: true })!;
}

/** The same instant in UTC with Z, as the API answers it. */
export function utc(date: string, time: string, zone = 'Asia/Shanghai'): string {
  return DateTime.fromISO(`${date}T${time}`, { zone }).toUTC().toISO({ suppressMilliseconds: true })!;
}

/** The n-th weekday (Monday to Friday) from MONDAY, for tests that need a fresh day each. */
export function weekday(n: number): string {
  const week = Math.floor(n / 5);
  return DateTime.fromISO(MONDAY)
    .plus({ weeks: week, days: n % 5 })
    .toISODate()!;
}

/** A trial body for the world's case with its judge and courtroom; parties otherwise default from the case. */
export function trialBody(w: World, startsAt: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    caseId: w.case.id,
    kind: 'trial',
    startsAt,
    durationMinutes: 30,
    courtroomId: w.courtroom.id,
    judgeId: w.judge.id,
    ...extra,
  };
}

export async function book(
  t: TestApp,
  token: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return t.http.post('/hearings', body, { token, headers });
}

/** Reservations that overlap on one resource among active hearings: must always be empty. */
export async function overlappingReservations(t: TestApp): Promise<unknown[]> {
  const { rows } = await t.sql.query(
    `SELECT a.resource_id, a.hearing_id AS a, b.hearing_id AS b
       FROM reservations a JOIN reservations b
         ON a.resource_id = b.resource_id AND a.hearing_id < b.hearing_id AND a.during && b.during`,
  );
  return rows;
}
