import { createTestApp, TestApp } from '../../support/test-app';
import { TEST_USER_PASSWORD } from '../../support/factories';

/** Each address is the last X-Forwarded-For hop, set by the one trusted proxy (the test client). */
const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

describe('failed logins against one account', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      TRUST_PROXY: '1',
      LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '5',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '20',
      LOGIN_MAX_FAILURES_PER_IP: '1000',
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lock out the guessing address, not the owner who logs in from elsewhere', async () => {
    const court = await t.factory.organization('court');
    const judge = await t.factory.user('judge', court.id);
    for (let i = 0; i < 5; i++) {
      const res = await t.http.post(
        '/auth/login',
        { email: judge.email, password: 'wrong-password' },
        from('203.0.113.9'),
      );
      expect(res.status).toBe(401);
    }
    const attacker = await t.http.post(
      '/auth/login',
      { email: judge.email, password: TEST_USER_PASSWORD },
      from('203.0.113.9'),
    );
    expect(attacker.status).toBe(429);
    expect(Number(attacker.headers.get('retry-after'))).toBeGreaterThan(0);
    const owner = await t.http.post(
      '/auth/login',
      { email: judge.email, password: TEST_USER_PASSWORD },
      from('198.51.100.20'),
    );
    expect(owner.status).toBe(200);
  });

  it('the only admin included', async () => {
    for (let i = 0; i < 6; i++) {
      await t.http.post('/auth/login', { email: 'admin@test.local', password: 'wrong-password' }, from('203.0.113.10'));
    }
    const admin = await t.http.post(
      '/auth/login',
      { email: 'admin@test.local', password: 'test-admin-password' },
      from('198.51.100.21'),
    );
    expect(admin.status).toBe(200);
  });

  it('stop a guess spread over many addresses at the higher per-account threshold', async () => {
    const court = await t.factory.organization('court');
    const clerk = await t.factory.user('clerk', court.id);
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) {
      const res = await t.http.post(
        '/auth/login',
        { email: clerk.email, password: `guess-${i}` },
        from(`203.0.113.${100 + i}`),
      );
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(4).fill(429));
    const locked = await t.http.post(
      '/auth/login',
      { email: clerk.email, password: TEST_USER_PASSWORD },
      from('198.51.100.22'),
    );
    expect(locked.status).toBe(429);
    expect(locked.body.detail).toMatch(/account/);
  });
});
