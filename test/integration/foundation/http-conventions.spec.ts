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

  it('names malformed and empty JSON bodies MALFORMED_JSON, with a real title', async () => {
    // Nest hands Fastify's parse errors over wrapped in an HttpException: they came out as BAD_REQUEST, title "Http".
    for (const raw of ['{"email": ', '']) {
      const res = await t.http.post('/auth/login', undefined, { raw });
      expect([res.status, res.body.code, res.body.title]).toEqual([400, 'MALFORMED_JSON', 'Bad Request']);
    }
  });

  it('refuses a body that is not a JSON object, naming it, and writes nothing', async () => {
    // A PATCH with no body, or with null, used to pass as a change of nothing: 200, and an audit row written.
    const court = await t.factory.organization('court');
    const clerk = await t.factory.user('clerk', court.id);
    const audit = async () => (await t.sql.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n;
    const before = await audit();
    for (const res of [
      await t.http.patch(`/users/${clerk.id}`, undefined, { token: t.adminToken }),
      await t.http.patch(`/users/${clerk.id}`, null, { token: t.adminToken }),
      await t.http.patch(`/users/${clerk.id}`, [{ name: 'X' }], { token: t.adminToken }),
      await t.http.patch(`/users/${clerk.id}`, 'name', { token: t.adminToken }),
    ]) {
      expect([res.status, res.body.code, res.body.errors]).toEqual([
        400,
        'VALIDATION_FAILED',
        [{ field: 'body', message: 'must be a JSON object' }],
      ]);
    }
    expect(await audit()).toBe(before);
  });

  it('refuses text with a NUL character, naming every field, in bodies and queries', async () => {
    // PostgreSQL text cannot hold U+0000: these were 500s (22021) once they reached the database.
    const res = await t.http.post(
      '/organizations',
      { kind: 'court', name: 'Court\u0000', timeZone: 'Asia/Shanghai', shoeSize: 44 },
      { token: t.adminToken },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'shoeSize', message: 'is not an allowed field' },
      { field: 'name', message: expect.stringMatching(/NUL/) },
    ]);
    const search = await t.http.get(`/cases?q=${encodeURIComponent('(2026)\u0000')}`, { token: t.adminToken });
    expect([search.status, search.body.errors]).toEqual([400, [{ field: 'q', message: expect.stringMatching(/NUL/) }]]);
  });

  it('answers router errors as problems too: a path segment over 100 characters, a bad percent-encoding', async () => {
    // Fastify answered these itself, in its own JSON shape.
    const long = await t.http.get(`/cases/${'x'.repeat(101)}`, { token: t.adminToken });
    expect(long.status).toBe(414);
    expect(long.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(long.body).toMatchObject({ code: 'URI_TOO_LONG', title: 'URI Too Long', detail: expect.any(String) });
    const bad = await t.http.get('/cases/%E0%A4%A', { token: t.adminToken });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(bad.body).toMatchObject({ code: 'BAD_REQUEST', detail: expect.stringMatching(/not a valid url/) });
  });

  it('refuses JSON nested deeper than 32 levels with a 400 on every JSON route, signed in or not', async () => {
    // 2,500 levels in 5 kB: the validation pipe's NUL check recursed once per level and answered 500.
    const deep = '['.repeat(2500) + ']'.repeat(2500);
    const deepObject = '{"a":'.repeat(2500) + '1' + '}'.repeat(2500);
    const court = await t.factory.organization('court');
    for (const [method, path, token] of [
      ['POST', '/auth/login', undefined],
      ['POST', '/organizations', undefined],
      ['POST', '/organizations', t.adminToken],
      ['PATCH', `/organizations/${court.id}`, t.adminToken],
      ['POST', '/hearings', t.adminToken],
    ] as const) {
      for (const raw of [deep, deepObject, `{"name":${deep}}`]) {
        const res = await t.http.request(method, path, undefined, { raw, token });
        expect([method, path, res.status, res.body.code]).toEqual([method, path, 400, 'JSON_TOO_DEEP']);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    }
    // 32 levels are still read (and then refused by the DTO, not by the parser).
    const ok = await t.http.post('/auth/login', undefined, {
      raw: '{"email":' + '['.repeat(31) + ']'.repeat(31) + '}',
    });
    expect([ok.status, ok.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('refuses a body whose bytes are not valid UTF-8, instead of storing U+FFFD', async () => {
    const court = await t.factory.organization('court');
    const bytes = Buffer.concat([Buffer.from('{"name":"Court '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    const res = await t.http.patch(`/organizations/${court.id}`, undefined, { raw: bytes, token: t.adminToken });
    expect([res.status, res.body.code]).toEqual([400, 'INVALID_UTF8']);
    const { rows } = await t.sql.query('SELECT name FROM organizations WHERE id = $1', [court.id]);
    expect(rows[0].name).toBe(court.name);
  });

  it('refuses a JSON body declared in another charset than UTF-8, and reads a declared utf-8', async () => {
    const court = await t.factory.organization('court');
    for (const [charset, raw] of [
      ['latin1', Buffer.from('{"name":"Caf\u00e9"}', 'latin1')],
      ['ISO-8859-1', Buffer.from('{"name":"Caf\u00e9"}', 'latin1')],
      ['utf-16', Buffer.from('{"name":"Court"}', 'utf16le')],
      ['"utf-16le"', Buffer.from('{"name":"Court"}', 'utf16le')],
    ] as const) {
      const res = await t.http.patch(`/organizations/${court.id}`, undefined, {
        raw,
        token: t.adminToken,
        headers: { 'content-type': `application/json; charset=${charset}` },
      });
      expect([charset, res.status, res.body.code]).toEqual([charset, 400, 'UNSUPPORTED_CHARSET']);
    }
    const { rows } = await t.sql.query('SELECT name FROM organizations WHERE id = $1', [court.id]);
    expect(rows[0].name).toBe(court.name);
    const utf8 = await t.http.patch(`/organizations/${court.id}`, undefined, {
      raw: Buffer.from('{"name":"Café 法院"}', 'utf8'),
      token: t.adminToken,
      headers: { 'content-type': 'application/json; charset=UTF-8' },
    });
    expect([utf8.status, utf8.body.name]).toEqual([200, 'Café 法院']);
  });

  it('tells every cache not to store any API answer (Cache-Control: no-store)', async () => {
    // Answers carry names and id numbers of defendants: no shared or browser cache may keep them.
    for (const res of [
      await t.http.get('/users/me', { token: t.adminToken }),
      await t.http.get('/organizations', { token: t.adminToken }),
      await t.http.get('/users/me'),
      await t.http.post('/auth/login', { email: 'admin@test.local', password: 'wrong-password-1' }),
      await t.http.get('/no-such-thing', { token: t.adminToken }),
      await t.http.get('/health'),
    ]) {
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
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
