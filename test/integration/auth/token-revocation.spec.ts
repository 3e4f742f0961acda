import { JwtService } from '@nestjs/jwt';
import { createTestApp, TestApp } from '../../support/test-app';
import { TEST_USER_PASSWORD, UserRow } from '../../support/factories';

describe('bearer tokens', () => {
  let t: TestApp;
  let court: string;
  let otherCourt: string;
  beforeAll(async () => {
    t = await createTestApp();
    court = (await t.factory.organization('court')).id;
    otherCourt = (await t.factory.organization('court')).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const me = (token: string) => t.http.get('/users/me', { token });
  const login = async (user: UserRow) =>
    (await t.http.post('/auth/login', { email: user.email, password: TEST_USER_PASSWORD })).body.accessToken as string;
  const patch = (user: UserRow, body: Record<string, unknown>) =>
    t.http.patch(`/users/${user.id}`, body, { token: t.adminToken });

  it('issued before a deactivation stay refused after the account is reactivated', async () => {
    const clerk = await t.factory.user('clerk', court);
    const before = await login(clerk);
    expect((await patch(clerk, { active: false })).status).toBe(200);
    expect((await patch(clerk, { active: true })).status).toBe(200);
    expect((await me(before)).status).toBe(401);
    expect((await me(clerk.token)).status).toBe(401);
    // A login right after, within the same second, gives a token that works.
    expect((await me(await login(clerk))).status).toBe(200);
  });

  it('issued before a role change are refused', async () => {
    const clerk = await t.factory.user('clerk', court);
    expect((await patch(clerk, { role: 'judge' })).status).toBe(200);
    expect((await me(clerk.token)).status).toBe(401);
    expect((await me(await login(clerk))).status).toBe(200);
  });

  it('issued before an organization change are refused', async () => {
    const clerk = await t.factory.user('clerk', court);
    expect((await patch(clerk, { organizationId: otherCourt })).status).toBe(200);
    expect((await me(clerk.token)).status).toBe(401);
    expect((await me(await login(clerk))).status).toBe(200);
  });

  it('issued before a password change are refused, even one made with plain SQL', async () => {
    const clerk = await t.factory.user('clerk', court);
    await t.sql.query(`UPDATE users SET password_hash = password_hash || '' WHERE id = $1`, [clerk.id]);
    expect((await me(clerk.token)).status).toBe(200);
    await t.sql.query(`UPDATE users SET password_hash = 'another-hash' WHERE id = $1`, [clerk.id]);
    expect((await me(clerk.token)).status).toBe(401);
  });

  it('survive a change of the name alone', async () => {
    const clerk = await t.factory.user('clerk', court);
    expect((await patch(clerk, { name: 'Another Name' })).status).toBe(200);
    expect((await me(clerk.token)).status).toBe(200);
  });

  it('signed with the right secret but without exp or iat are refused', async () => {
    const clerk = await t.factory.user('clerk', court);
    const jwt = t.app.get(JwtService);
    const claims = { sub: clerk.id, role: 'clerk', org: court, ver: 0 };
    const opts = { issuer: t.config.jwtIssuer, algorithm: 'HS256' as const };
    const noExp = await jwt.signAsync(claims, opts);
    const noIat = await jwt.signAsync(claims, { ...opts, expiresIn: 600, noTimestamp: true });
    const both = await jwt.signAsync(claims, { ...opts, expiresIn: 600 });
    expect((await me(noExp)).status).toBe(401);
    expect((await me(noIat)).status).toBe(401);
    expect((await me(both)).status).toBe(200);
  });

  it('are read whatever the case of the scheme', async () => {
    const clerk = await t.factory.user('clerk', court);
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const res = await t.http.get('/users/me', { headers: { authorization: `${scheme} ${clerk.token}` } });
      expect(res.status).toBe(200);
    }
    expect((await t.http.get('/users/me', { headers: { authorization: `Basic ${clerk.token}` } })).status).toBe(401);
  });
});
