import { createTestApp, TestApp } from '../../support/test-app';
import { TEST_USER_PASSWORD } from '../../support/factories';

/** `İ` (U+0130) in place of an `i`: JavaScript lower-cases it to `i̇`, PostgreSQL's lower() to `i`. */
const dotted = (email: string, which = 0) => {
  let seen = -1;
  return email.replace(/i/g, (c) => (++seen === which ? '\u0130' : c));
};

describe('e-mail addresses with look-alike capitals', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '5', LOGIN_MAX_FAILURES_PER_IP: '1000' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const create = (email: string) =>
    t.http.post(
      '/users',
      { email, password: TEST_USER_PASSWORD, name: 'Li Ming', role: 'admin', organizationId: null },
      { token: t.adminToken },
    );

  it('share the same five guesses as the address they imitate', async () => {
    const email = `li.ming.${Date.now()}@court.test`;
    expect((await create(email)).status).toBe(201);
    const variants = [
      email,
      dotted(email, 0),
      dotted(email, 1),
      dotted(email.toUpperCase().replace(/I/g, 'i'), 0),
      dotted(email, 2),
    ];
    for (const v of variants) {
      expect((await t.http.post('/auth/login', { email: v, password: 'wrong-password' })).status).toBe(401);
    }
    // Neither the address nor another variant gets a sixth guess, nor the right password.
    const sixth = await t.http.post('/auth/login', { email: dotted(email, 0), password: TEST_USER_PASSWORD });
    expect(sixth.status).toBe(429);
    const plain = await t.http.post('/auth/login', { email, password: TEST_USER_PASSWORD });
    expect(plain.status).toBe(429);
  });

  it('log in to the one account they imitate, never to one of their own', async () => {
    const email = `wang.li.${Date.now()}@court.test`;
    const created = await create(email);
    expect(created.status).toBe(201);
    const again = await create(dotted(email));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('EMAIL_TAKEN');
    const login = await t.http.post('/auth/login', { email: dotted(email), password: TEST_USER_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(created.body.id);
    const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM users WHERE email_normalized = $1`, [email]);
    expect(rows[0].n).toBe(1);
  });

  it('are unique in the database itself', async () => {
    const email = `zhao.min.${Date.now()}@court.test`;
    expect((await create(email)).status).toBe(201);
    await expect(
      t.sql.query(
        `INSERT INTO users (email, email_normalized, name, role, password_hash) VALUES ($1, $2, 'x', 'admin', 'x')`,
        [dotted(email), email],
      ),
    ).rejects.toMatchObject({ code: '23505' });
  });
});
