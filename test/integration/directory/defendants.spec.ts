import { createTestApp, TestApp } from '../../support/test-app';
import type { World } from '../../support/factories';

describe('Registering defendants', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (table: string) => Number((await t.sql.query(`SELECT count(*) FROM ${table}`)).rows[0].count);
  const body = (extra: Record<string, unknown> = {}) => ({
    name: '张三丰',
    idNumber: '110101199001011234',
    detentionCenterId: w.center.id,
    ...extra,
  });

  it('lets an admin register a defendant and shows the admin the whole id number', async () => {
    const res = await t.http.post('/defendants', body(), { token: t.adminToken });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: '张三丰',
      idNumber: '110101199001011234',
      detentionCenterId: w.center.id,
      custodyStatus: 'detained',
      registeredByOrganizationId: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await t.http.get(`/defendants/${res.body.id}`, { token: t.adminToken })).body.idNumber).toBe(
      '110101199001011234',
    );
  });

  it('lets a clerk, a prosecutor and an officer of the center register one, each seeing the id number masked', async () => {
    for (const user of [w.clerk, w.prosecutor, w.officer]) {
      const res = await t.http.post('/defendants', body(), { token: user.token });
      expect(res.status).toBe(201);
      expect(res.body.idNumber).toBe('**************1234');
      expect(res.body.registeredByOrganizationId).toBe(user.organizationId);
      const got = await t.http.get(`/defendants/${res.body.id}`, { token: user.token });
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ name: '张三丰', idNumber: '**************1234' });
      // The database keeps the real number.
      expect(
        (await t.sql.query('SELECT id_number FROM defendants WHERE id = $1', [res.body.id])).rows[0].id_number,
      ).toBe('110101199001011234');
    }
  });

  it('accepts a released defendant and one with no id number', async () => {
    const res = await t.http.post(
      '/defendants',
      { name: '李四', detentionCenterId: w.center.id, custodyStatus: 'released' },
      { token: w.prosecutor.token },
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ custodyStatus: 'released', idNumber: null });
  });

  it('writes an audit row with the name and id number masked', async () => {
    const res = await t.http.post('/defendants', body({ name: '王小明' }), { token: w.clerk.token });
    const audit = await t.sql.query(`SELECT action, entity_type, actor_id, after FROM audit_log WHERE entity_id = $1`, [
      res.body.id,
    ]);
    expect(audit.rows).toEqual([
      {
        action: 'create',
        entity_type: 'defendant',
        actor_id: w.clerk.id,
        after: {
          name: '王**',
          idNumber: '**************1234',
          detentionCenterId: w.center.id,
          custodyStatus: 'detained',
          registeredByOrganizationId: w.court.id,
        },
      },
    ]);
    expect(JSON.stringify(audit.rows)).not.toMatch(/王小明|110101199001011234/);
  });

  it('refuses a detentionCenterId that is not a detention center, or no organization at all, writing nothing', async () => {
    const defendants = await count('defendants');
    const audits = await count('audit_log');
    const court = await t.http.post('/defendants', body({ detentionCenterId: w.court.id }), { token: t.adminToken });
    expect(court.status).toBe(400);
    expect(court.body.errors).toEqual([{ field: 'detentionCenterId', message: 'is a court, not a detention center' }]);
    const none = await t.http.post('/defendants', body({ detentionCenterId: '00000000-0000-4000-8000-000000000000' }), {
      token: t.adminToken,
    });
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([{ field: 'detentionCenterId', message: 'no organization has this id' }]);
    expect(await count('defendants')).toBe(defendants);
    expect(await count('audit_log')).toBe(audits);
  });

  it('names each malformed field: uuid, blank name, id number, custody status, unknown field', async () => {
    const res = await t.http.post(
      '/defendants',
      { name: ' ', idNumber: '12 34', detentionCenterId: 'center-1', custodyStatus: 'escaped', age: 30 },
      { token: t.adminToken },
    );
    expect(res.status).toBe(400);
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'age',
      'custodyStatus',
      'detentionCenterId',
      'idNumber',
      'name',
    ]);
    const nulls = await t.http.post(
      '/defendants',
      { name: null, detentionCenterId: w.center.id, custodyStatus: null },
      { token: t.adminToken },
    );
    expect(nulls.status).toBe(400);
    expect([...new Set(nulls.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'custodyStatus',
      'name',
    ]);
  });

  it('lets a detention officer register defendants in their own center only', async () => {
    const otherCenter = await t.factory.organization('detention_center');
    const res = await t.http.post('/defendants', body({ detentionCenterId: otherCenter.id }), {
      token: w.officer.token,
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('forbids judges and lawyers to register defendants', async () => {
    for (const user of [w.judge, w.lawyer]) {
      expect((await t.http.post('/defendants', body(), { token: user.token })).status).toBe(403);
    }
  });

  it('answers 400 naming id for a malformed id and 404 for an unknown one', async () => {
    const bad = await t.http.get('/defendants/xyz', { token: t.adminToken });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    expect((await t.http.get('/defendants/00000000-0000-4000-8000-000000000000', { token: t.adminToken })).status).toBe(
      404,
    );
    const badQuery = await t.http.get('/defendants?detentionCenterId=nope&limit=0', { token: t.adminToken });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['detentionCenterId', 'limit']);
  });

  it('finds defendants by part of the name, whatever the case, and by center', async () => {
    const otherCenter = await t.factory.organization('detention_center');
    await t.factory.defendant(w.center.id, { name: 'Zhao Wei' });
    await t.factory.defendant(otherCenter.id, { name: 'ZHAO Lei' });
    await t.factory.defendant(w.center.id, { name: 'Qian 100%_x' });
    const byName = await t.http.get('/defendants?q=zhao', { token: t.adminToken });
    expect(byName.body.map((d: { name: string }) => d.name).sort()).toEqual(['ZHAO Lei', 'Zhao Wei']);
    const byNameAndCenter = await t.http.get(`/defendants?q=zhao&detentionCenterId=${w.center.id}`, {
      token: t.adminToken,
    });
    expect(byNameAndCenter.body.map((d: { name: string }) => d.name)).toEqual(['Zhao Wei']);
    // Wildcards typed by the user match themselves only.
    const percent = await t.http.get(`/defendants?q=${encodeURIComponent('0%_')}`, { token: t.adminToken });
    expect(percent.body.map((d: { name: string }) => d.name)).toEqual(['Qian 100%_x']);
    const limited = await t.http.get('/defendants?limit=1', { token: t.adminToken });
    expect(limited.body).toHaveLength(1);
  });
});
