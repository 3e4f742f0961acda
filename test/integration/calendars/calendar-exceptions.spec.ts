import { randomUUID } from 'node:crypto';
import { addDays, workingDay } from '../../support/dates';
import { OrgRow, UserRow } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';

/** Dates from a Saturday some weeks ahead (computed from now, as the bookings these calendars govern). */
const SATURDAY = workingDay(4, 'Asia/Shanghai', 6);
const day = (n: number) => addDays(SATURDAY, n);

describe('closures and make-up working days of an organization', () => {
  let t: TestApp;
  let court: OrgRow;
  let otherCourt: OrgRow;
  let center: OrgRow;
  let clerk: UserRow;
  let otherClerk: UserRow;
  let judge: UserRow;
  let officer: UserRow;
  let lawyer: UserRow;

  beforeAll(async () => {
    t = await createTestApp();
    court = await t.factory.organization('court');
    otherCourt = await t.factory.organization('court');
    center = await t.factory.organization('detention_center');
    clerk = await t.factory.user('clerk', court.id);
    otherClerk = await t.factory.user('clerk', otherCourt.id);
    judge = await t.factory.user('judge', court.id);
    officer = await t.factory.user('detention_officer', center.id);
    lawyer = await t.factory.user('lawyer', (await t.factory.organization('law_firm')).id);
  });
  afterAll(async () => {
    await t?.close();
  });

  const add = (orgId: string, body: Record<string, unknown>, token = clerk.token) =>
    t.http.post(`/organizations/${orgId}/calendar-exceptions`, body, { token });
  const count = async (orgId: string) =>
    (await t.sql.query(`SELECT count(*)::int AS n FROM calendar_exceptions WHERE organization_id = $1`, [orgId]))
      .rows[0].n;

  it('records a Spring Festival closure, answers 201 with it, and audits it', async () => {
    const res = await add(court.id, { date: day(3), kind: 'closed', reason: 'Spring Festival' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      organizationId: court.id,
      date: day(3),
      kind: 'closed',
      opens: null,
      closes: null,
      reason: 'Spring Festival',
      createdAt: expect.stringMatching(/Z$/),
    });
    const audit = await t.sql.query(
      `SELECT action, actor_id, entity_id, after FROM audit_log WHERE entity_type = 'calendar' AND action = 'add_calendar_exception'`,
    );
    expect(audit.rows).toEqual([
      {
        action: 'add_calendar_exception',
        actor_id: clerk.id,
        entity_id: court.id,
        after: {
          id: res.body.id,
          date: day(3),
          kind: 'closed',
          opens: null,
          closes: null,
          reason: 'Spring Festival',
        },
      },
    ]);
  });

  it('records a make-up working Saturday with the hours of a normal day, or with hours of its own', async () => {
    const whole = await add(court.id, { date: SATURDAY, kind: 'open', reason: 'Make-up working day (调休)' });
    expect(whole.status).toBe(201);
    expect(whole.body).toMatchObject({ kind: 'open', opens: null, closes: null });
    const morning = await add(court.id, {
      date: day(14),
      kind: 'open',
      opens: '08:30',
      closes: '12:00',
      reason: 'Make-up working day',
    });
    const afternoon = await add(court.id, {
      date: day(14),
      kind: 'open',
      opens: '14:00',
      closes: '17:30',
      reason: 'Make-up working day',
    });
    expect([morning.status, afternoon.status]).toEqual([201, 201]);
    expect(afternoon.body).toMatchObject({ date: day(14), opens: '14:00', closes: '17:30' });
  });

  it('lists the exceptions between two dates inclusive, in date order, to any signed-in user', async () => {
    const res = await t.http.get(`/organizations/${court.id}/calendar-exceptions?from=${SATURDAY}&to=${day(14)}`, {
      token: lawyer.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.map((e: { date: string; opens: string | null }) => `${e.date} ${e.opens ?? ''}`.trim())).toEqual([
      SATURDAY,
      day(3),
      `${day(14)} 08:30`,
      `${day(14)} 14:00`,
    ]);
    const narrow = await t.http.get(`/organizations/${court.id}/calendar-exceptions?from=${day(1)}&to=${day(13)}`, {
      token: lawyer.token,
    });
    expect(narrow.body.map((e: { date: string }) => e.date)).toEqual([day(3)]);
    const elsewhere = await t.http.get(
      `/organizations/${otherCourt.id}/calendar-exceptions?from=${day(-30)}&to=${day(300)}`,
      { token: lawyer.token },
    );
    expect(elsewhere.body).toEqual([]);
  });

  it.each([
    ['a second closure on a closed date', { date: day(3), kind: 'closed', reason: 'Again' }, /already closed/],
    ['an opening on a closed date', { date: day(3), kind: 'open', reason: 'Make-up' }, /is closed/],
    [
      'a closure on a date with opening hours',
      { date: SATURDAY, kind: 'closed', reason: 'Holiday' },
      /opening hours of its own/,
    ],
    ['a second whole working day', { date: SATURDAY, kind: 'open', reason: 'Again' }, /normal working day/],
    [
      'hours on a date already a whole working day',
      { date: SATURDAY, kind: 'open', opens: '18:00', closes: '19:00', reason: 'Evening' },
      /normal working day/,
    ],
    [
      'a whole working day on a date with hours',
      { date: day(14), kind: 'open', reason: 'Make-up' },
      /opening hours of its own/,
    ],
    [
      'hours overlapping hours already set',
      { date: day(14), kind: 'open', opens: '11:00', closes: '14:30', reason: 'Longer' },
      /overlaps/,
    ],
    [
      'hours touching hours already set',
      { date: day(14), kind: 'open', opens: '12:00', closes: '13:00', reason: 'Lunch session' },
      /overlaps or touches/,
    ],
  ])('refuses %s with 409 naming the exception in the way, and writes nothing', async (_what, body, detail) => {
    const before = await count(court.id);
    const res = await add(court.id, body);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CALENDAR_EXCEPTION_CONFLICT');
    expect(res.body.detail).toMatch(detail);
    expect(res.body.conflicts.length).toBeGreaterThan(0);
    expect(res.body.conflicts[0]).toEqual(expect.objectContaining({ id: expect.any(String), date: body.date }));
    expect(await count(court.id)).toBe(before);
  });

  it('adds a separate stretch on a date that has hours, as long as it does not touch them', async () => {
    const res = await add(court.id, {
      date: day(14),
      kind: 'open',
      opens: '18:00',
      closes: '20:00',
      reason: 'Evening session',
    });
    expect(res.status).toBe(201);
  });

  it.each([
    ['a date in the wrong format', { date: '17/02/2026', kind: 'closed', reason: 'x' }, 'date'],
    ['a date that does not exist', { date: '2026-02-30', kind: 'closed', reason: 'x' }, 'date'],
    ['an unknown kind', { date: day(16), kind: 'holiday', reason: 'x' }, 'kind'],
    ['a missing reason', { date: day(16), kind: 'closed' }, 'reason'],
    ['a blank reason', { date: day(16), kind: 'closed', reason: '   ' }, 'reason'],
    ['hours on a closure', { date: day(16), kind: 'closed', opens: '09:00', closes: '10:00', reason: 'x' }, 'opens'],
    ['an opening time without a closing time', { date: day(21), kind: 'open', opens: '09:00', reason: 'x' }, 'closes'],
    ['a closing time without an opening time', { date: day(21), kind: 'open', closes: '09:00', reason: 'x' }, 'opens'],
    [
      'a closing time before the opening time',
      { date: day(21), kind: 'open', opens: '10:00', closes: '09:00', reason: 'x' },
      'closes',
    ],
    ['a bad time', { date: day(21), kind: 'open', opens: '10h', closes: '11:00', reason: 'x' }, 'opens'],
    ['an unknown field', { date: day(21), kind: 'closed', reason: 'x', allDay: true }, 'allDay'],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_what, body, field) => {
    const before = await count(court.id);
    const res = await add(court.id, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await count(court.id)).toBe(before);
  });

  it.each([
    ['no dates', ''],
    ['a missing to', '?from=2026-01-01'],
    ['a bad date', '?from=2026-01-01&to=2026-13-01'],
    ['to before from', '?from=2026-02-01&to=2026-01-01'],
    ['a window of more than 1100 days', '?from=2026-01-01&to=2030-01-01'],
  ])('refuses a listing with %s with 400', async (_what, query) => {
    const res = await t.http.get(`/organizations/${court.id}/calendar-exceptions${query}`, { token: clerk.token });
    expect(res.status).toBe(400);
    expect(res.body.errors.length).toBeGreaterThan(0);
  });

  it("lets a detention officer keep the center's calendar but not the court's", async () => {
    expect(
      (await add(center.id, { date: day(40), kind: 'closed', reason: 'National Day' }, officer.token)).status,
    ).toBe(201);
    const res = await add(court.id, { date: day(40), kind: 'closed', reason: 'National Day' }, officer.token);
    expect(res.status).toBe(403);
  });

  it.each([
    ['a clerk of another court', () => otherClerk, 403],
    ['a judge', () => judge, 403],
    ['a lawyer', () => lawyer, 403],
  ])('refuses %s', async (_who, user, status) => {
    const res = await add(court.id, { date: day(48), kind: 'closed', reason: 'Labour Day' }, user().token);
    expect(res.status).toBe(status);
    expect(await count(court.id)).toBeGreaterThan(0);
    expect(
      (
        await t.sql.query(`SELECT 1 FROM calendar_exceptions WHERE organization_id = $1 AND date = $2`, [
          court.id,
          day(48),
        ])
      ).rowCount,
    ).toBe(0);
  });

  it('refuses dates outside the years 2000 to 2999, naming the field, and writes nothing', async () => {
    const before = (await t.sql.query('SELECT count(*)::int AS n FROM calendar_exceptions')).rows[0].n;
    for (const date of ['9999-12-31', '1900-01-01', '1999-12-31', '3000-01-01']) {
      const res = await t.http.post(
        `/organizations/${court.id}/calendar-exceptions`,
        { date, kind: 'closed', reason: 'Edge of the calendar' },
        { token: clerk.token },
      );
      expect([date, res.status, res.body.errors]).toEqual([
        date,
        400,
        [{ field: 'date', message: expect.stringMatching(/2000 to 2999/) }],
      ]);
    }
    expect((await t.sql.query('SELECT count(*)::int AS n FROM calendar_exceptions')).rows[0].n).toBe(before);
    for (const [query, field] of [
      ['from=1999-12-31&to=2000-01-31', 'from'],
      ['from=2999-01-01&to=3000-01-01', 'to'],
    ]) {
      const res = await t.http.get(`/organizations/${court.id}/calendar-exceptions?${query}`, { token: clerk.token });
      expect([res.status, res.body.errors]).toEqual([400, [{ field, message: expect.stringMatching(/2000 to 2999/) }]]);
    }
  });

  it('answers 404 for an unknown organization', async () => {
    const unknown = randomUUID();
    expect((await add(unknown, { date: day(48), kind: 'closed', reason: 'x' }, t.adminToken)).status).toBe(404);
    expect(
      (
        await t.http.get(`/organizations/${unknown}/calendar-exceptions?from=${day(-30)}&to=${day(300)}`, {
          token: clerk.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (await t.http.delete(`/organizations/${unknown}/calendar-exceptions/${randomUUID()}`, { token: t.adminToken }))
        .status,
    ).toBe(404);
  });

  it('deletes an exception with 204, audits it, and then answers 404 for it', async () => {
    const created = await add(court.id, { date: day(62), kind: 'closed', reason: 'Dragon Boat Festival' });
    const path = `/organizations/${court.id}/calendar-exceptions/${created.body.id}`;
    const del = await t.http.delete(path, { token: clerk.token });
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expect((await t.sql.query(`SELECT 1 FROM calendar_exceptions WHERE id = $1`, [created.body.id])).rowCount).toBe(0);
    const audit = await t.sql.query(
      `SELECT actor_id, entity_id, before, after FROM audit_log WHERE action = 'delete_calendar_exception'`,
    );
    expect(audit.rows).toEqual([
      {
        actor_id: clerk.id,
        entity_id: court.id,
        after: null,
        before: {
          id: created.body.id,
          date: day(62),
          kind: 'closed',
          opens: null,
          closes: null,
          reason: 'Dragon Boat Festival',
        },
      },
    ]);
    expect((await t.http.delete(path, { token: clerk.token })).status).toBe(404);
    // The date is free again.
    expect((await add(court.id, { date: day(62), kind: 'open', reason: 'Make-up' })).status).toBe(201);
  });

  it("does not delete another organization's exception through this organization's path", async () => {
    const theirs = await add(otherCourt.id, { date: day(63), kind: 'closed', reason: 'Theirs' }, otherClerk.token);
    const res = await t.http.delete(`/organizations/${court.id}/calendar-exceptions/${theirs.body.id}`, {
      token: clerk.token,
    });
    expect(res.status).toBe(404);
    expect((await t.sql.query(`SELECT 1 FROM calendar_exceptions WHERE id = $1`, [theirs.body.id])).rowCount).toBe(1);
  });

  it('refuses a judge deleting an exception with 403 and keeps it', async () => {
    const created = await add(court.id, { date: day(64), kind: 'closed', reason: 'Kept' });
    const res = await t.http.delete(`/organizations/${court.id}/calendar-exceptions/${created.body.id}`, {
      token: judge.token,
    });
    expect(res.status).toBe(403);
    expect((await t.sql.query(`SELECT 1 FROM calendar_exceptions WHERE id = $1`, [created.body.id])).rowCount).toBe(1);
  });

  it('keeps exactly one closure when ten clerks close the same date at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => add(court.id, { date: day(69), kind: 'closed', reason: 'Mid-Autumn' })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    expect(
      (
        await t.sql.query(
          `SELECT count(*)::int AS n FROM calendar_exceptions WHERE organization_id = $1 AND date = $2`,
          [court.id, day(69)],
        )
      ).rows[0].n,
    ).toBe(1);
  });
});
