import { createTestApp, TestApp } from '../../support/test-app';

/**
 * The test client stands in for the load balancer (127.0.0.1): it appends the real client's address
 * (198.51.100.7) to whatever X-Forwarded-For the client sent, as proxies do.
 */
describe.each([
  ['a hop count', '1'],
  ['the proxy addresses', '127.0.0.0/8'],
])('behind a load balancer configured by %s', (_label, trustProxy) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: trustProxy, LOGIN_MAX_FAILURES_PER_IP: '30' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('limits one client that makes up X-Forwarded-For hops, across 35 accounts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) {
      const res = await t.http.post(
        '/auth/login',
        { email: `victim${i}@test.local`, password: 'wrong-password' },
        { headers: { 'x-forwarded-for': `203.0.113.${i + 1}, 198.51.100.7` } },
      );
      statuses.push(res.status);
    }
    // The admin's login in createTestApp came from 127.0.0.1, another address.
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(statuses.slice(30)).toEqual(Array(5).fill(429));
  });

  it('still tells clients apart by the address the proxy saw', async () => {
    const res = await t.http.post(
      '/auth/login',
      { email: 'victim0@test.local', password: 'wrong-password' },
      { headers: { 'x-forwarded-for': '198.51.100.8' } },
    );
    expect(res.status).toBe(401);
  });
});
