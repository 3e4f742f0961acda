import { createTestApp, TestApp } from '../../support/test-app';

describe('HTTP conventions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers liveness and readiness without a token', async () => {
    const live = await t.http.get('/health');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', database: 'up', migrations: 'current' });
  });

  it('echoes a valid x-request-id and makes one up otherwise', async () => {
    const given = await t.http.get('/health', { headers: { 'x-request-id': 'clerk-req-42' } });
    expect(given.headers.get('x-request-id')).toBe('clerk-req-42');
    const made = await t.http.get('/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('requires a bearer token on every other route, as problem+json', async () => {
    const res = await t.http.get('/users/me');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
      type: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
    });
  });

  it('rejects a forged token', async () => {
    const forged = t.adminToken.slice(0, -4) + 'AAAA';
    const res = await t.http.get('/users/me', { token: forged });
    expect(res.status).toBe(401);
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await t.http.get('/no-such-thing', { token: t.adminToken });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('rejects bodies over 100 kB with 413', async () => {
    const res = await t.http.post('/auth/login', undefined, {
      raw: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(110_000) }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('rejects malformed JSON with a 400 problem', async () => {
    const res = await t.http.post('/auth/login', undefined, { raw: '{"email": ' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('lists every invalid and unknown field, by name', async () => {
    const res = await t.http.post(
      '/users',
      { email: 'not-an-email', password: 'short', name: 'X', role: 'emperor', shoeSize: 44 },
      { token: t.adminToken },
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'role', 'shoeSize']));
  });

  it('serves the OpenAPI document with schemas and bearer auth', async () => {
    const res = await t.http.get('/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.components.securitySchemes.bearer).toBeDefined();
    expect(res.body.paths['/api/v1/auth/login']).toBeDefined();
    expect(res.body.components.schemas.CreateUserDto.properties.email).toBeDefined();
    const ui = await t.http.get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toMatch(/swagger/i);
  });
});
