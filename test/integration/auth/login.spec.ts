import { createTestApp, TestApp, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '../../support/test-app';
import { TEST_USER_PASSWORD } from '../../support/factories';

describe('logging in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '3', LOGIN_MAX_FAILURES_PER_IP: '8' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives a bearer token and the user for the right password, with any e-mail case', async () => {
    const res = await t.http.post('/auth/login', {
      email: TEST_ADMIN_EMAIL.toUpperCase(),
      password: TEST_ADMIN_PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: 900,
      user: { id: t.adminId, email: TEST_ADMIN_EMAIL, name: 'Administrator', role: 'admin', organizationId: null },
    });
    const me = await t.http.get('/users/me', { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(t.adminId);
  });

  it('gives the same 401 for an unknown e-mail and a wrong password', async () => {
    const court = await t.factory.organization('court');
    const clerk = await t.factory.user('clerk', court.id);
    const unknown = await t.http.post('/auth/login', { email: 'nobody@test.local', password: 'whatever-password' });
    const wrong = await t.http.post('/auth/login', { email: clerk.email, password: 'wrong-password' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined });
    expect(strip(unknown.body)).toEqual(strip(wrong.body));
    expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('locks an account after repeated failures with 429 and Retry-After, even for the right password', async () => {
    const court = await t.factory.organization('court');
    const judge = await t.factory.user('judge', court.id);
    for (let i = 0; i < 3; i++) {
      expect((await t.http.post('/auth/login', { email: judge.email, password: 'wrong-password' })).status).toBe(401);
    }
    const locked = await t.http.post('/auth/login', { email: judge.email, password: TEST_USER_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account from the same address is not locked by this one.
    const other = await t.factory.user('judge', court.id);
    expect((await t.http.post('/auth/login', { email: other.email, password: TEST_USER_PASSWORD })).status).toBe(200);
  });

  it('refuses a deactivated account at login and on its existing tokens', async () => {
    const court = await t.factory.organization('court');
    const clerk = await t.factory.user('clerk', court.id);
    expect((await t.http.get('/users/me', { token: clerk.token })).status).toBe(200);
    const off = await t.http.patch(`/users/${clerk.id}`, { active: false }, { token: t.adminToken });
    expect(off.status).toBe(200);
    expect((await t.http.get('/users/me', { token: clerk.token })).status).toBe(401);
    expect((await t.http.post('/auth/login', { email: clerk.email, password: TEST_USER_PASSWORD })).status).toBe(401);
  });

  it('records each successful login in the audit log', async () => {
    const court = await t.factory.organization('court');
    const clerk = await t.factory.user('clerk', court.id);
    await t.http.post(
      '/auth/login',
      { email: clerk.email, password: TEST_USER_PASSWORD },
      { headers: { 'x-request-id': 'login-audit-1' } },
    );
    const { rows } = await t.sql.query(
      `SELECT actor_id, action, entity_type, request_id FROM audit_log WHERE action = 'login' AND actor_id = $1`,
      [clerk.id],
    );
    expect(rows).toEqual([
      { actor_id: clerk.id, action: 'login', entity_type: 'session', request_id: 'login-audit-1' },
    ]);
  });

  it('limits failures from one address across accounts', async () => {
    // Failures so far in this file from 127.0.0.1: 1 + 1 + 3 + 1 = 6; the limit is 8.
    await t.http.post('/auth/login', { email: 'x1@test.local', password: 'wrong-password' });
    await t.http.post('/auth/login', { email: 'x2@test.local', password: 'wrong-password' });
    const res = await t.http.post('/auth/login', { email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD });
    expect(res.status).toBe(429);
    expect(res.body.detail).toMatch(/address/);
  });

  it('holds the account limit when wrong passwords arrive all at once', async () => {
    // Its own app: this file's address has used up most of its failures already.
    const other = await createTestApp({
      LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '5',
      LOGIN_MAX_FAILURES_PER_IP: '1000',
    });
    try {
      const target = await other.factory.user('judge', (await other.factory.organization('court')).id);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          other.http.post('/auth/login', { email: target.email, password: 'guess-password' }),
        ),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
      // Refused attempts do not count as failures: the account is free again once the real ones leave the window.
      const { rows } = await other.sql.query(
        `SELECT count(*)::int AS n FROM login_failures WHERE throttle_key LIKE 'account:%'`,
      );
      expect(rows[0].n).toBe(statuses.filter((s) => s === 401).length);
    } finally {
      await other.close();
    }
  });
});
