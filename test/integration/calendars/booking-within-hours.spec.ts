import { DateTime } from 'luxon';
import { addDays, nextOffsetChange, workingDay } from '../../support/dates';
import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';

/** Opening hours, closures and make-up days as POST /hearings sees them. */
describe("booking a hearing within every organization's hours", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  // Days some weeks ahead (bookings in the past are refused): a Monday, the Tuesday after, and Saturdays.
  const monday = workingDay(4);
  const tuesday = addDays(monday, 1);
  const saturday = addDays(monday, 5);
  const nextMonday = addDays(monday, 7);
  const local = (date: string, time: string, zone = 'Asia/Shanghai') =>
    DateTime.fromISO(`${date}T${time}`, { zone }).toISO({ suppressMilliseconds: true })!;
  const trial = (w: World, startsAt: string, extra: Record<string, unknown> = {}) => ({
    caseId: w.case.id,
    kind: 'trial',
    startsAt,
    durationMinutes: 30,
    courtroomId: w.courtroom.id,
    judgeId: w.judge.id,
    ...extra,
  });
  const book = (w: World, body: Record<string, unknown>) => t.http.post('/hearings', body, { token: w.clerk.token });
  const addException = async (orgId: string, body: Record<string, unknown>) => {
    const res = await t.http.post(`/organizations/${orgId}/calendar-exceptions`, body, { token: t.adminToken });
    expect(res.status).toBe(201);
  };
  const hearingsOf = async (w: World) =>
    (await t.sql.query(`SELECT id FROM hearings WHERE case_id = $1`, [w.case.id])).rowCount;

  it("refuses a hearing on the court's Spring Festival closure with 422 naming the court, its hours and the local times", async () => {
    const w = await t.factory.world();
    await addException(w.court.id, { date: monday, kind: 'closed', reason: 'Spring Festival' });
    const res = await book(w, trial(w, local(monday, '09:00')));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(res.body.code).toBe('OUTSIDE_HOURS');
    expect(res.body.violations).toEqual([
      {
        organization: { id: w.court.id, name: w.court.name, kind: 'court', timeZone: 'Asia/Shanghai' },
        date: monday,
        hours: [],
        closed: true,
        reason: 'Spring Festival',
        localStartsAt: `${monday}T09:00:00+08:00`,
        localEndsAt: `${monday}T09:30:00+08:00`,
      },
    ]);
    expect(res.body.detail).toContain(w.court.name);
    expect(await hearingsOf(w)).toBe(0);
  });

  it("names the court's hours of the day when a hearing runs into the lunch break", async () => {
    const w = await t.factory.world();
    const res = await book(w, trial(w, local(tuesday, '11:45')));
    expect(res.status).toBe(422);
    expect(res.body.violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          organization: expect.objectContaining({ id: w.court.id }),
          hours: ['08:30-12:00', '14:00-17:30'],
          closed: false,
        }),
      ]),
    );
  });

  it('books a make-up working Saturday (调休) once every organization works that day', async () => {
    const w = await t.factory.world();
    const refused = await book(w, trial(w, local(saturday, '09:00')));
    expect(refused.status).toBe(422);
    expect(refused.body.violations.map((v: { organization: { kind: string } }) => v.organization.kind).sort()).toEqual([
      'court',
      'detention_center',
      'procuratorate',
    ]);
    for (const org of [w.court, w.procuratorate, w.center]) {
      await addException(org.id, { date: saturday, kind: 'open', reason: 'Make-up working day for Spring Festival' });
    }
    const res = await book(w, trial(w, local(saturday, '09:00')));
    expect(res.status).toBe(201);
    expect(res.body.localStartsAt).toBe(`${saturday}T09:00:00+08:00`);
  });

  it("holds the detention center's escort buffer to the center's hours too", async () => {
    const w = await t.factory.world();
    const early = { weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '17:30' })) };
    for (const org of [w.court, w.procuratorate]) {
      expect((await t.http.put(`/organizations/${org.id}/opening-hours`, early, { token: t.adminToken })).status).toBe(
        200,
      );
    }
    // The center keeps the default 08:30 opening and holds the video room 10 minutes before the hearing.
    const res = await book(w, trial(w, local(nextMonday, '08:30')));
    expect(res.status).toBe(422);
    expect(res.body.violations).toEqual([
      expect.objectContaining({
        organization: expect.objectContaining({ id: w.center.id, kind: 'detention_center' }),
        hours: ['08:30-12:00', '14:00-17:30'],
        localStartsAt: `${nextMonday}T08:20:00+08:00`,
        localEndsAt: `${nextMonday}T09:10:00+08:00`,
      }),
    ]);
    // And 10 minutes after: a hearing ending at the lunch break keeps the room until 12:10.
    const beforeLunch = await book(w, trial(w, local(nextMonday, '11:30')));
    expect(beforeLunch.status).toBe(422);
    expect(beforeLunch.body.violations).toEqual([
      expect.objectContaining({ localEndsAt: `${nextMonday}T12:10:00+08:00` }),
    ]);
    expect((await book(w, trial(w, local(nextMonday, '08:40')))).status).toBe(201);
  });

  it("accepts a clerk's override with a reason outside the hours, and audits the reason", async () => {
    const w = await t.factory.world();
    await addException(w.court.id, { date: tuesday, kind: 'closed', reason: 'Spring Festival' });
    const reason = `Detention limit expires on ${addDays(tuesday, 1)}`;
    const res = await book(w, trial(w, local(tuesday, '10:00'), { override: { reason } }));
    expect(res.status).toBe(201);
    const stored = await t.sql.query(`SELECT hours_override_reason FROM hearings WHERE id = $1`, [res.body.id]);
    expect(stored.rows[0].hours_override_reason).toBe(reason);
    const audit = await t.sql.query(
      `SELECT actor_id, after FROM audit_log WHERE entity_type = 'hearing' AND entity_id = $1 AND action = 'create'`,
      [res.body.id],
    );
    expect(audit.rows).toEqual([
      { actor_id: w.clerk.id, after: expect.objectContaining({ hoursOverrideReason: reason }) },
    ]);
  });

  it('refuses an override from a prosecutor booking a plea signing', async () => {
    const w = await t.factory.world();
    const res = await t.http.post(
      '/hearings',
      {
        caseId: w.case.id,
        kind: 'plea_signing',
        startsAt: local(saturday, '10:00'),
        durationMinutes: 30,
        override: { reason: 'Weekend' },
      },
      { token: w.prosecutor.token },
    );
    expect(res.status).toBe(403);
    expect(await hearingsOf(w)).toBe(0);
  });

  it('honours London local hours across the change to summer time (the next last Sunday of March)', async () => {
    const w = await t.factory.world({ timeZone: 'Europe/London' });
    const change = nextOffsetChange('Europe/London', 'forward');
    const friday = addDays(change.date, -2);
    const monday = addDays(change.date, 1);
    // 16:45 UTC is 16:45 GMT on the Friday before, inside 14:00-17:30; on the Monday after it is 17:45 BST, after closing.
    expect((await book(w, trial(w, `${friday}T16:45:00Z`))).status).toBe(201);
    const res = await book(w, trial(w, `${monday}T16:45:00Z`));
    expect(res.status).toBe(422);
    expect(res.body.violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          organization: expect.objectContaining({ id: w.court.id, timeZone: 'Europe/London' }),
          date: monday,
          localStartsAt: `${monday}T17:45:00+01:00`,
          localEndsAt: `${monday}T18:15:00+01:00`,
        }),
      ]),
    );
    // Given as a wall-clock time, the hearing is read in London time (the center's buffer ends at 17:10).
    const wall = await book(w, trial(w, `${monday}T16:30`));
    expect(wall.status).toBe(201);
    expect(wall.body.startsAt).toBe(`${monday}T15:30:00Z`);
  });

  it('honours New York local hours across the change to daylight time (the next second Sunday of March)', async () => {
    const w = await t.factory.world({ timeZone: 'America/New_York' });
    const change = nextOffsetChange('America/New_York', 'forward');
    const fridayDate = addDays(change.date, -2);
    const mondayDate = addDays(change.date, 1);
    // 12:45 UTC is 07:45 EST on the Friday before (closed) and 08:45 EDT on the Monday after (open).
    const friday = await book(w, trial(w, `${fridayDate}T12:45:00Z`));
    expect(friday.status).toBe(422);
    expect(friday.body.violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          organization: expect.objectContaining({ id: w.court.id }),
          localStartsAt: `${fridayDate}T07:45:00-05:00`,
        }),
      ]),
    );
    const monday = await book(w, trial(w, `${mondayDate}T12:45:00Z`));
    expect(monday.status).toBe(201);
    expect(monday.body.localStartsAt).toBe(`${mondayDate}T08:45:00-04:00`);
  });

  it('honours a New York detention center open on the night of the change back (the next first Sunday of November)', async () => {
    const w = await t.factory.world({ timeZone: 'America/New_York' });
    const sunday = nextOffsetChange('America/New_York', 'back').date;
    const allSunday = { weekly: [{ weekday: 7, opens: '00:00', closes: '24:00' }] };
    for (const org of [w.court, w.procuratorate, w.center]) {
      expect(
        (await t.http.put(`/organizations/${org.id}/opening-hours`, allSunday, { token: t.adminToken })).status,
      ).toBe(200);
    }
    // 01:30 occurs twice that night; given with the second offset (EST) it is 06:30 UTC, inside the 25-hour day.
    const res = await book(w, trial(w, `${sunday}T01:30:00-05:00`));
    expect(res.status).toBe(201);
    expect(res.body.startsAt).toBe(`${sunday}T06:30:00Z`);
    // Sunday ends at local midnight, 05:00 UTC on Monday: a hearing running past it is refused.
    expect((await book(w, trial(w, `${sunday}T23:45:00-05:00`))).status).toBe(422);
  });
});
