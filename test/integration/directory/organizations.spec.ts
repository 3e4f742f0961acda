import { createTestApp, TestApp } from '../../support/test-app';

describe('Organizations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (table: string) => Number((await t.sql.query(`SELECT count(*) FROM ${table}`)).rows[0].count);
  const auditRows = async (entityId: string) =>
    (
      await t.sql.query(
        `SELECT action, entity_type, actor_id, before, after, request_id FROM audit_log WHERE entity_id = $1 ORDER BY id`,
        [entityId],
      )
    ).rows;

  it('lets an admin register a court, answered with its id, kind, name and time zone', async () => {
    const res = await t.http.post(
      '/organizations',
      { kind: 'court', name: '北京市朝阳区人民法院', timeZone: 'Asia/Shanghai' },
      { token: t.adminToken },
    );
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      kind: 'court',
      name: '北京市朝阳区人民法院',
      timeZone: 'Asia/Shanghai',
    });
    const got = await t.http.get(`/organizations/${res.body.id}`, { token: t.adminToken });
    expect(got.body).toEqual(res.body);
  });

  it('shows a detention center with its escort buffer, 10 minutes unless given', async () => {
    const plain = await t.http.post(
      '/organizations',
      { kind: 'detention_center', name: 'First Detention Center', timeZone: 'Asia/Shanghai' },
      { token: t.adminToken },
    );
    expect(plain.status).toBe(201);
    expect(plain.body.escortBufferMinutes).toBe(10);
    const given = await t.http.post(
      '/organizations',
      { kind: 'detention_center', name: 'Second Detention Center', timeZone: 'Asia/Urumqi', escortBufferMinutes: 25 },
      { token: t.adminToken },
    );
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({ timeZone: 'Asia/Urumqi', escortBufferMinutes: 25 });
  });

  it('writes an audit row in the same request that creates the organization', async () => {
    const res = await t.http.post(
      '/organizations',
      { kind: 'procuratorate', name: 'Audited Procuratorate', timeZone: 'Asia/Shanghai' },
      { token: t.adminToken, headers: { 'x-request-id': 'org-create-1' } },
    );
    expect(res.status).toBe(201);
    expect(await auditRows(res.body.id)).toEqual([
      {
        action: 'create',
        entity_type: 'organization',
        actor_id: t.adminId,
        before: null,
        request_id: 'org-create-1',
        after: {
          kind: 'procuratorate',
          name: 'Audited Procuratorate',
          timeZone: 'Asia/Shanghai',
          escortBufferMinutes: 10,
        },
      },
    ]);
  });

  it('refuses a time zone that is not an IANA zone, naming timeZone, and writes nothing', async () => {
    const orgs = await count('organizations');
    const audits = await count('audit_log');
    for (const timeZone of ['Mars/Olympus_Mons', 'CST', '+08:00', 'UTC+8']) {
      const res = await t.http.post(
        '/organizations',
        { kind: 'court', name: 'Bad zone court', timeZone },
        { token: t.adminToken },
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual([{ field: 'timeZone', message: expect.stringMatching(/IANA/) }]);
    }
    expect(await count('organizations')).toBe(orgs);
    expect(await count('audit_log')).toBe(audits);
  });

  it('stores a time zone by its canonical IANA name, whatever the case typed, and accepts UTC', async () => {
    for (const [typed, stored] of [
      ['asia/shanghai', 'Asia/Shanghai'],
      ['EUROPE/LONDON', 'Europe/London'],
      ['UTC', 'UTC'],
      ['Etc/UTC', 'UTC'],
    ]) {
      const res = await t.http.post(
        '/organizations',
        { kind: 'court', name: `Court in ${typed}`, timeZone: typed },
        { token: t.adminToken },
      );
      expect([typed, res.status, res.body.timeZone]).toEqual([typed, 201, stored]);
      const { rows } = await t.sql.query('SELECT time_zone FROM organizations WHERE id = $1', [res.body.id]);
      expect(rows[0].time_zone).toBe(stored);
    }
    const org = await t.factory.organization('court', { timeZone: 'Asia/Shanghai' });
    const audits = await count('audit_log');
    // The same zone in other letters is no change: nothing written.
    const same = await t.http.patch(`/organizations/${org.id}`, { timeZone: 'asia/SHANGHAI' }, { token: t.adminToken });
    expect([same.status, same.body.timeZone]).toEqual([200, 'Asia/Shanghai']);
    expect(await count('audit_log')).toBe(audits);
    const moved = await t.http.patch(`/organizations/${org.id}`, { timeZone: 'asia/urumqi' }, { token: t.adminToken });
    expect([moved.status, moved.body.timeZone]).toEqual([200, 'Asia/Urumqi']);
  });

  it('names every bad field: unknown kind, blank name, missing zone, unknown field', async () => {
    const res = await t.http.post(
      '/organizations',
      { kind: 'police_station', name: '   ', color: 'red' },
      { token: t.adminToken },
    );
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['kind', 'name', 'timeZone', 'color']));
  });

  it('refuses an escort buffer for anything but a detention center, and one outside 0..240', async () => {
    const court = await t.http.post(
      '/organizations',
      { kind: 'court', name: 'Buffered court', timeZone: 'Asia/Shanghai', escortBufferMinutes: 10 },
      { token: t.adminToken },
    );
    expect(court.status).toBe(400);
    expect(court.body.errors).toEqual([
      { field: 'escortBufferMinutes', message: expect.stringMatching(/detention center/) },
    ]);
    const tooLong = await t.http.post(
      '/organizations',
      { kind: 'detention_center', name: 'Slow center', timeZone: 'Asia/Shanghai', escortBufferMinutes: 241 },
      { token: t.adminToken },
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].field).toBe('escortBufferMinutes');
  });

  it('lets only admins create organizations', async () => {
    const court = await t.factory.organization('court');
    const clerk = await t.factory.user('clerk', court.id);
    const res = await t.http.post(
      '/organizations',
      { kind: 'court', name: 'Clerk court', timeZone: 'Asia/Shanghai' },
      { token: clerk.token },
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect(
      (await t.http.post('/organizations', { kind: 'court', name: 'Anonymous court', timeZone: 'Asia/Shanghai' }))
        .status,
    ).toBe(401);
  });

  it('lets every signed-in role read organizations, filtered by kind', async () => {
    const w = await t.factory.world();
    for (const user of [w.clerk, w.judge, w.prosecutor, w.lawyer, w.officer]) {
      const centers = await t.http.get('/organizations?kind=detention_center', { token: user.token });
      expect(centers.status).toBe(200);
      expect(centers.body.length).toBeGreaterThan(0);
      expect(centers.body.every((o: { kind: string }) => o.kind === 'detention_center')).toBe(true);
      expect(centers.body.map((o: { id: string }) => o.id)).toContain(w.center.id);
      const one = await t.http.get(`/organizations/${w.lawFirm.id}`, { token: user.token });
      expect(one.status).toBe(200);
      expect(one.body).toEqual({ id: w.lawFirm.id, kind: 'law_firm', name: w.lawFirm.name, timeZone: 'Asia/Shanghai' });
    }
    const all = await t.http.get('/organizations', { token: w.lawyer.token });
    expect(new Set(all.body.map((o: { kind: string }) => o.kind))).toEqual(
      new Set(['court', 'procuratorate', 'detention_center', 'law_firm']),
    );
  });

  it('refuses an unknown kind filter', async () => {
    const res = await t.http.get('/organizations?kind=embassy', { token: t.adminToken });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('kind');
  });

  it('answers 404 for an organization that does not exist and 400 naming id for a malformed one', async () => {
    const missing = await t.http.get('/organizations/00000000-0000-4000-8000-000000000000', { token: t.adminToken });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const bad = await t.http.get('/organizations/not-a-uuid', { token: t.adminToken });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    const badPatch = await t.http.patch('/organizations/42', { name: 'x' }, { token: t.adminToken });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.errors[0].field).toBe('id');
    const missingPatch = await t.http.patch(
      '/organizations/00000000-0000-4000-8000-000000000000',
      { name: 'x' },
      { token: t.adminToken },
    );
    expect(missingPatch.status).toBe(404);
  });

  it('lets an admin rename a center, move its time zone and change its escort buffer, audited before and after', async () => {
    const center = await t.factory.organization('detention_center', { name: 'Old name' });
    const res = await t.http.patch(
      `/organizations/${center.id}`,
      { name: 'New name', timeZone: 'Asia/Urumqi', escortBufferMinutes: 30 },
      { token: t.adminToken },
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: center.id,
      kind: 'detention_center',
      name: 'New name',
      timeZone: 'Asia/Urumqi',
      escortBufferMinutes: 30,
    });
    expect((await t.http.get(`/organizations/${center.id}`, { token: t.adminToken })).body).toEqual(res.body);
    const rows = await auditRows(center.id);
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'update',
        entity_type: 'organization',
        before: { kind: 'detention_center', name: 'Old name', timeZone: 'Asia/Shanghai', escortBufferMinutes: 10 },
        after: { kind: 'detention_center', name: 'New name', timeZone: 'Asia/Urumqi', escortBufferMinutes: 30 },
      }),
    ]);
  });

  it('refuses a bad change and leaves the organization and the audit as they were', async () => {
    const court = await t.factory.organization('court', { name: 'Steady court' });
    const audits = await count('audit_log');
    const cases: [Record<string, unknown>, string][] = [
      [{ timeZone: 'Nowhere/Special' }, 'timeZone'],
      [{ escortBufferMinutes: 5 }, 'escortBufferMinutes'],
      [{ kind: 'procuratorate' }, 'kind'],
      [{ name: '' }, 'name'],
      [{ name: null }, 'name'],
    ];
    for (const [body, field] of cases) {
      const res = await t.http.patch(`/organizations/${court.id}`, body, { token: t.adminToken });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const center = await t.factory.organization('detention_center');
    const negative = await t.http.patch(
      `/organizations/${center.id}`,
      { escortBufferMinutes: -1 },
      { token: t.adminToken },
    );
    expect(negative.status).toBe(400);
    expect((await t.http.get(`/organizations/${court.id}`, { token: t.adminToken })).body).toMatchObject({
      kind: 'court',
      name: 'Steady court',
      timeZone: 'Asia/Shanghai',
    });
    expect(await count('audit_log')).toBe(audits);
  });

  it('lets only admins change organizations', async () => {
    const w = await t.factory.world();
    for (const user of [w.clerk, w.judge, w.prosecutor, w.lawyer, w.officer]) {
      const res = await t.http.patch(
        `/organizations/${w.center.id}`,
        { escortBufferMinutes: 0 },
        { token: user.token },
      );
      expect(res.status).toBe(403);
    }
  });
});
