import { createTestApp, TestApp } from '../../support/test-app';
import { TEST_USER_PASSWORD, OrgRow } from '../../support/factories';

describe('managing users', () => {
  let t: TestApp;
  let court: OrgRow;
  let procuratorate: OrgRow;
  let lawFirm: OrgRow;
  let center: OrgRow;
  beforeAll(async () => {
    t = await createTestApp();
    court = await t.factory.organization('court');
    procuratorate = await t.factory.organization('procuratorate');
    lawFirm = await t.factory.organization('law_firm');
    center = await t.factory.organization('detention_center');
  });
  afterAll(async () => {
    await t?.close();
  });

  const newUser = (over: Record<string, unknown> = {}) => ({
    email: `u${Math.random().toString(36).slice(2, 8)}@court.test`,
    password: 'a-long-password',
    name: 'Li Ming',
    role: 'clerk',
    organizationId: court.id,
    ...over,
  });

  it('lets an admin create a user who can then log in', async () => {
    const body = newUser();
    const res = await t.http.post('/users', body, { token: t.adminToken });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      email: body.email,
      name: 'Li Ming',
      role: 'clerk',
      organizationId: court.id,
      active: true,
    });
    expect(res.body.passwordHash).toBeUndefined();
    const login = await t.http.post('/auth/login', { email: body.email, password: 'a-long-password' });
    expect(login.status).toBe(200);
  });

  it('refuses a second account with the same e-mail in any case, with 409', async () => {
    const body = newUser();
    expect((await t.http.post('/users', body, { token: t.adminToken })).status).toBe(201);
    const again = await t.http.post('/users', { ...body, email: body.email.toUpperCase() }, { token: t.adminToken });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('EMAIL_TAKEN');
  });

  it.each([
    ['clerk', 'procuratorate'],
    ['judge', 'law_firm'],
    ['prosecutor', 'court'],
    ['lawyer', 'court'],
    ['detention_officer', 'procuratorate'],
  ])('refuses a %s in a %s with 400 naming organizationId', async (role, kind) => {
    const org = { court, procuratorate, law_firm: lawFirm, detention_center: center }[kind as 'court']!;
    const res = await t.http.post('/users', newUser({ role, organizationId: org.id }), { token: t.adminToken });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'organizationId', message: expect.stringContaining(role) }]);
  });

  it('accepts each role in its own kind of organization', async () => {
    for (const [role, org] of [
      ['clerk', court],
      ['judge', court],
      ['prosecutor', procuratorate],
      ['lawyer', lawFirm],
      ['detention_officer', center],
    ] as const) {
      expect(
        (await t.http.post('/users', newUser({ role, organizationId: org.id }), { token: t.adminToken })).status,
      ).toBe(201);
    }
  });

  it('requires an organization for every role but admin, and none for an admin', async () => {
    const noOrg = await t.http.post('/users', newUser({ organizationId: undefined }), { token: t.adminToken });
    expect(noOrg.status).toBe(400);
    const adminWithOrg = await t.http.post('/users', newUser({ role: 'admin' }), { token: t.adminToken });
    expect(adminWithOrg.status).toBe(400);
    const admin = await t.http.post('/users', newUser({ role: 'admin', organizationId: undefined }), {
      token: t.adminToken,
    });
    expect(admin.status).toBe(201);
  });

  it('refuses an unknown organization with 400', async () => {
    const res = await t.http.post('/users', newUser({ organizationId: '00000000-0000-4000-8000-000000000000' }), {
      token: t.adminToken,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('organizationId');
  });

  it('lets only admins create and change users', async () => {
    const clerk = await t.factory.user('clerk', court.id);
    expect((await t.http.post('/users', newUser(), { token: clerk.token })).status).toBe(403);
    expect((await t.http.patch(`/users/${clerk.id}`, { name: 'X' }, { token: clerk.token })).status).toBe(403);
  });

  it('filters the list by role and organization, and masks e-mails for non-admins', async () => {
    const judge = await t.factory.user('judge', court.id);
    const clerk = await t.factory.user('clerk', court.id);
    const byAdmin = await t.http.get(`/users?role=judge&organizationId=${court.id}`, { token: t.adminToken });
    expect(byAdmin.status).toBe(200);
    expect(
      byAdmin.body.every(
        (u: { role: string; organizationId: string }) => u.role === 'judge' && u.organizationId === court.id,
      ),
    ).toBe(true);
    expect(byAdmin.body.find((u: { id: string }) => u.id === judge.id).email).toBe(judge.email);
    const byClerk = await t.http.get(`/users?role=judge&organizationId=${court.id}`, { token: clerk.token });
    expect(byClerk.status).toBe(200);
    expect(byClerk.body.find((u: { id: string }) => u.id === judge.id).email).toMatch(/^j\*\*\*@test\.local$/);
    const lawyer = await t.factory.user('lawyer', lawFirm.id);
    expect((await t.http.get('/users', { token: lawyer.token })).status).toBe(403);
    expect((await t.http.get('/users?role=emperor', { token: t.adminToken })).status).toBe(400);
  });

  it('changes a role only to one that fits the organization', async () => {
    const clerk = await t.factory.user('clerk', court.id);
    const toJudge = await t.http.patch(`/users/${clerk.id}`, { role: 'judge' }, { token: t.adminToken });
    expect(toJudge.status).toBe(200);
    expect(toJudge.body.role).toBe('judge');
    const toLawyer = await t.http.patch(`/users/${clerk.id}`, { role: 'lawyer' }, { token: t.adminToken });
    expect(toLawyer.status).toBe(400);
    const moved = await t.http.patch(
      `/users/${clerk.id}`,
      { role: 'lawyer', organizationId: lawFirm.id },
      { token: t.adminToken },
    );
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ role: 'lawyer', organizationId: lawFirm.id });
  });

  it('does not let an admin lock themself out', async () => {
    const res = await t.http.patch(`/users/${t.adminId}`, { active: false }, { token: t.adminToken });
    expect(res.status).toBe(403);
  });

  it('answers 404 for an unknown user and 400 for a malformed id', async () => {
    expect(
      (await t.http.patch('/users/00000000-0000-4000-8000-000000000000', { name: 'X' }, { token: t.adminToken }))
        .status,
    ).toBe(404);
    const bad = await t.http.patch('/users/not-a-uuid', { name: 'X' }, { token: t.adminToken });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
  });

  it('refuses null for a field it would change, naming it, and writes nothing', async () => {
    // {role: null} and {active: null} were 500s (NOT NULL), {name: null} a 200 that changed nothing but was audited.
    const clerk = await t.factory.user('clerk', court.id);
    const audit = async () => (await t.sql.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n;
    const before = await audit();
    for (const field of ['name', 'role', 'organizationId', 'active']) {
      const res = await t.http.patch(`/users/${clerk.id}`, { [field]: null }, { token: t.adminToken });
      expect([field, res.status, [...new Set(res.body.errors?.map((e: { field: string }) => e.field))]]).toEqual([
        field,
        400,
        [field],
      ]);
    }
    expect(await audit()).toBe(before);
  });

  it('writes nothing for a change that changes nothing, and answers with the user as it is', async () => {
    const clerk = await t.factory.user('clerk', court.id, { name: 'Chen Jing' });
    const state = async () =>
      (
        await t.sql.query(
          `SELECT (SELECT count(*)::int FROM audit_log WHERE entity_id = $1::text) AS audits, updated_at, token_version
             FROM users WHERE id = $1::uuid`,
          [clerk.id],
        )
      ).rows[0];
    const before = await state();
    for (const body of [
      {},
      { name: 'Chen Jing' },
      { name: '  Chen Jing ' },
      { role: 'clerk', organizationId: court.id, active: true },
    ]) {
      const res = await t.http.patch(`/users/${clerk.id}`, body, { token: t.adminToken });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: clerk.id,
        email: clerk.email,
        name: 'Chen Jing',
        role: 'clerk',
        organizationId: court.id,
        active: true,
      });
    }
    expect(await state()).toEqual(before);
    expect((await t.http.get('/users/me', { token: clerk.token })).status).toBe(200);
  });

  it('audits user changes without the password or its hash', async () => {
    const res = await t.http.post('/users', newUser(), { token: t.adminToken });
    const { rows } = await t.sql.query(
      `SELECT action, actor_id, after FROM audit_log WHERE entity_type = 'user' AND entity_id = $1`,
      [res.body.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].actor_id).toBe(t.adminId);
    expect(JSON.stringify(rows[0].after)).not.toMatch(/a-long-password|argon2/);
    expect(rows[0].after.email).toMatch(/\*\*\*/);
  });

  it('writes nothing when a request is refused', async () => {
    const before = await t.sql.query(
      `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM audit_log) AS audit`,
    );
    await t.http.post('/users', newUser({ role: 'lawyer' }), { token: t.adminToken });
    const after = await t.sql.query(
      `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM audit_log) AS audit`,
    );
    expect(after.rows[0]).toEqual(before.rows[0]);
  });

  it('keeps the factory password usable for logging in', async () => {
    const judge = await t.factory.user('judge', court.id);
    expect((await t.http.post('/auth/login', { email: judge.email, password: TEST_USER_PASSWORD })).status).toBe(200);
  });
});
