import { randomUUID } from 'node:crypto';
import { OrgRow, UserRow } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';

describe('weekly opening hours of an organization', () => {
  let t: TestApp;
  let court: OrgRow;
  let otherCourt: OrgRow;
  let procuratorate: OrgRow;
  let center: OrgRow;
  let clerk: UserRow;
  let otherClerk: UserRow;
  let judge: UserRow;
  let prosecutor: UserRow;
  let officer: UserRow;
  let lawyer: UserRow;

  beforeAll(async () => {
    t = await createTestApp();
    court = await t.factory.organization('court');
    otherCourt = await t.factory.organization('court');
    procuratorate = await t.factory.organization('procuratorate');
    center = await t.factory.organization('detention_center', { timeZone: 'Europe/London' });
    clerk = await t.factory.user('clerk', court.id);
    otherClerk = await t.factory.user('clerk', otherCourt.id);
    judge = await t.factory.user('judge', court.id);
    prosecutor = await t.factory.user('prosecutor', procuratorate.id);
    officer = await t.factory.user('detention_officer', center.id);
    lawyer = await t.factory.user('lawyer', (await t.factory.organization('law_firm')).id);
  });
  afterAll(async () => {
    await t?.close();
  });

  const week = [
    { weekday: 1, opens: '09:00', closes: '12:00' },
    { weekday: 1, opens: '13:30', closes: '17:00' },
    { weekday: 6, opens: '09:00', closes: '11:00' },
  ];
  const stored = async (orgId: string) =>
    (
      await t.sql.query(
        `SELECT weekday, to_char(opens, 'HH24:MI') AS opens, to_char(closes, 'HH24:MI') AS closes FROM opening_hours WHERE organization_id = $1 ORDER BY weekday, opens`,
        [orgId],
      )
    ).rows;

  it('shows the default week, marked isDefault, to any signed-in user when none is set', async () => {
    const res = await t.http.get(`/organizations/${court.id}/opening-hours`, { token: lawyer.token });
    expect(res.status).toBe(200);
    expect(res.body.isDefault).toBe(true);
    expect(res.body.timeZone).toBe('Asia/Shanghai');
    expect(res.body.weekly).toHaveLength(10);
    expect(res.body.weekly.slice(0, 2)).toEqual([
      { weekday: 1, opens: '08:30', closes: '12:00' },
      { weekday: 1, opens: '14:00', closes: '17:30' },
    ]);
    expect(res.body.weekly.some((w: { weekday: number }) => w.weekday >= 6)).toBe(false);
  });

  it("lets the court's clerk replace the week, with several stretches a day, and audits it", async () => {
    const res = await t.http.put(`/organizations/${court.id}/opening-hours`, { weekly: week }, { token: clerk.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ organizationId: court.id, timeZone: 'Asia/Shanghai', isDefault: false, weekly: week });
    expect(await stored(court.id)).toEqual(week);
    const got = await t.http.get(`/organizations/${court.id}/opening-hours`, { token: judge.token });
    expect(got.body).toEqual(res.body);

    const audit = await t.sql.query(
      `SELECT action, actor_id, before, after FROM audit_log WHERE entity_type = 'calendar' AND entity_id = $1`,
      [court.id],
    );
    expect(audit.rows).toEqual([
      {
        action: 'replace_opening_hours',
        actor_id: clerk.id,
        before: { weekly: [], isDefault: true },
        after: { weekly: week, isDefault: false },
      },
    ]);
  });

  it('replaces every stretch set before, not only the days given', async () => {
    const res = await t.http.put(
      `/organizations/${court.id}/opening-hours`,
      { weekly: [{ weekday: 3, opens: '08:00', closes: '18:00' }] },
      { token: clerk.token },
    );
    expect(res.status).toBe(200);
    expect(await stored(court.id)).toEqual([{ weekday: 3, opens: '08:00', closes: '18:00' }]);
  });

  it('goes back to the default when given an empty week', async () => {
    const res = await t.http.put(`/organizations/${court.id}/opening-hours`, { weekly: [] }, { token: t.adminToken });
    expect(res.status).toBe(200);
    expect(res.body.isDefault).toBe(true);
    expect(await stored(court.id)).toEqual([]);
  });

  it('accepts 24:00 as the end of the day for a center open into the night', async () => {
    const res = await t.http.put(
      `/organizations/${center.id}/opening-hours`,
      { weekly: [{ weekday: 2, opens: '18:00', closes: '24:00' }] },
      { token: officer.token },
    );
    expect(res.status).toBe(200);
    expect(res.body.weekly).toEqual([{ weekday: 2, opens: '18:00', closes: '24:00' }]);
  });

  it("lets a prosecutor keep the procuratorate's hours and a detention officer the center's", async () => {
    expect(
      (
        await t.http.put(
          `/organizations/${procuratorate.id}/opening-hours`,
          { weekly: week },
          { token: prosecutor.token },
        )
      ).status,
    ).toBe(200);
    expect(
      (await t.http.put(`/organizations/${center.id}/opening-hours`, { weekly: week }, { token: officer.token }))
        .status,
    ).toBe(200);
  });

  it.each([
    ['a clerk of another court', () => otherClerk],
    ['a judge of the court', () => judge],
    ['a prosecutor', () => prosecutor],
    ['a lawyer', () => lawyer],
  ])('refuses %s with 403 and changes nothing', async (_who, user) => {
    await t.http.put(`/organizations/${court.id}/opening-hours`, { weekly: week }, { token: clerk.token });
    const res = await t.http.put(`/organizations/${court.id}/opening-hours`, { weekly: [] }, { token: user().token });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await stored(court.id)).toEqual(week);
  });

  it.each([
    ['a bad time format', [{ weekday: 1, opens: '9:00', closes: '12:00' }], 'weekly[0].opens'],
    [
      'an hour past 23',
      [
        { weekday: 1, opens: '09:00', closes: '12:00' },
        { weekday: 2, opens: '25:00', closes: '26:00' },
      ],
      'weekly[1].opens',
    ],
    ['a weekday out of 1..7', [{ weekday: 8, opens: '09:00', closes: '12:00' }], 'weekly[0].weekday'],
    ['a missing closing time', [{ weekday: 1, opens: '09:00' }], 'weekly[0].closes'],
    ['an unknown field', [{ weekday: 1, opens: '09:00', closes: '12:00', lunch: true }], 'weekly[0].lunch'],
    [
      'closing before opening',
      [
        { weekday: 1, opens: '09:00', closes: '12:00' },
        { weekday: 2, opens: '09:00', closes: '10:00' },
        { weekday: 2, opens: '15:00', closes: '14:00' },
      ],
      'weekly[2].closes',
    ],
    ['closing when opening', [{ weekday: 1, opens: '09:00', closes: '09:00' }], 'weekly[0].closes'],
    [
      'overlapping stretches on one day',
      [
        { weekday: 1, opens: '09:00', closes: '12:00' },
        { weekday: 2, opens: '09:00', closes: '12:00' },
        { weekday: 1, opens: '11:00', closes: '13:00' },
      ],
      'weekly[2]',
    ],
    [
      'touching stretches on one day',
      [
        { weekday: 4, opens: '14:00', closes: '17:00' },
        { weekday: 4, opens: '09:00', closes: '14:00' },
      ],
      'weekly[1]',
    ],
  ])('refuses %s with 400 naming the field, and changes nothing', async (_what, weekly, field) => {
    await t.http.put(`/organizations/${court.id}/opening-hours`, { weekly: week }, { token: clerk.token });
    const auditBefore = (await t.sql.query(`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n;
    const res = await t.http.put(`/organizations/${court.id}/opening-hours`, { weekly }, { token: clerk.token });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await stored(court.id)).toEqual(week);
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n).toBe(auditBefore);
  });

  it('refuses a body without weekly, or with weekly not a list', async () => {
    for (const body of [{}, { weekly: 'Mon-Fri' }]) {
      const res = await t.http.put(`/organizations/${court.id}/opening-hours`, body, { token: clerk.token });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('weekly');
    }
  });

  it('refuses a stretch that is a list rather than an object, naming it', async () => {
    // [[]] passed validation (a nested list is walked, not refused) and broke the service: 500.
    for (const weekly of [[[]], [[{ weekday: 1, opens: '09:00', closes: '12:00' }]]]) {
      const res = await t.http.put(`/organizations/${court.id}/opening-hours`, { weekly }, { token: clerk.token });
      expect([res.status, res.body.errors?.map((e: { field: string }) => e.field)]).toEqual([400, ['weekly']]);
    }
  });

  it('answers 404 for an unknown organization and 400 for an id that is not a UUID', async () => {
    const unknown = randomUUID();
    expect((await t.http.get(`/organizations/${unknown}/opening-hours`, { token: clerk.token })).status).toBe(404);
    const put = await t.http.put(`/organizations/${unknown}/opening-hours`, { weekly: week }, { token: t.adminToken });
    expect(put.status).toBe(404);
    expect(put.body.code).toBe('NOT_FOUND');
    const bad = await t.http.get('/organizations/not-a-uuid/opening-hours', { token: clerk.token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.http.get('/docs-json')).body;
    expect(Object.keys(doc.paths['/api/v1/organizations/{id}/opening-hours'])).toEqual(
      expect.arrayContaining(['get', 'put']),
    );
    expect(Object.keys(doc.paths['/api/v1/organizations/{id}/calendar-exceptions'])).toEqual(
      expect.arrayContaining(['get', 'post']),
    );
    expect(doc.paths['/api/v1/organizations/{id}/calendar-exceptions/{exceptionId}'].delete).toBeDefined();
    expect(doc.components.schemas.WeeklyIntervalDto.properties.opens).toBeDefined();
    expect(doc.components.schemas.CreateCalendarExceptionDto.properties.kind.enum).toEqual(['closed', 'open']);
  });

  it('needs a bearer token even to read', async () => {
    expect((await t.http.get(`/organizations/${court.id}/opening-hours`)).status).toBe(401);
  });

  it('keeps one consistent week when two clerks replace it at the same moment', async () => {
    const a = [
      { weekday: 1, opens: '08:00', closes: '09:00' },
      { weekday: 2, opens: '08:00', closes: '09:00' },
    ];
    const b = [
      { weekday: 1, opens: '10:00', closes: '11:00' },
      { weekday: 3, opens: '10:00', closes: '11:00' },
    ];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.http.put(`/organizations/${court.id}/opening-hours`, { weekly: i % 2 ? a : b }, { token: clerk.token }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect([JSON.stringify(a), JSON.stringify(b)]).toContain(JSON.stringify(await stored(court.id)));
  });
});
