import { Writable } from 'node:stream';
import { Client } from 'pg';
import { createApp } from '../../../src/app.factory';
import { loadConfig } from '../../../src/config/app-config';
import { HttpClient } from '../../support/http-client';
import { createTestDatabase, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '../../support/test-app';

/** The real app on its own database, logging at info level into `lines`. */
async function appWithCapturedLogs() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const db = await createTestDatabase();
  const config = {
    ...loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      ADMIN_EMAIL: TEST_ADMIN_EMAIL,
      ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    }),
    databaseUrl: db.url,
  };
  const app = await createApp(config, { logDestination: sink });
  await app.listen(0, '127.0.0.1');
  const http = new HttpClient(`http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`);
  const login = await http.post('/auth/login', { email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD });
  return {
    http,
    lines,
    dbUrl: db.url,
    adminToken: login.body.accessToken as string,
    parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

describe('logs and unexpected errors', () => {
  it('log JSON lines with the request id, and no credentials, tokens or query strings', async () => {
    const s = await appWithCapturedLogs();
    try {
      await s.http.post(
        '/auth/login',
        { email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD },
        { headers: { 'x-request-id': 'log-test-1' } },
      );
      await s.http.get(`/users?role=clerk&q=${encodeURIComponent('张三丰')}`, {
        token: s.adminToken,
        headers: { 'x-request-id': 'log-test-2' },
      });
      await s.http.post('/auth/login', { email: 'someone@test.local', password: 'secret-password-123' });

      expect(s.parsed().filter((l) => l.msg === 'request')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ requestId: 'log-test-1', method: 'POST', path: '/api/v1/auth/login', status: 200 }),
          expect.objectContaining({ requestId: 'log-test-2', method: 'GET', path: '/api/v1/users', status: 400 }),
        ]),
      );
      const all = s.lines.join('\n');
      for (const secret of [
        TEST_ADMIN_PASSWORD,
        'secret-password-123',
        s.adminToken,
        '张三丰',
        encodeURIComponent('张三丰'),
        'someone@test.local',
      ]) {
        expect(all).not.toContain(secret);
      }
    } finally {
      await s.close();
    }
  });

  it('never log what a client sent wrong at error level: deep JSON, bad bytes, bad fields are 4xx at info', async () => {
    const s = await appWithCapturedLogs();
    try {
      const deep = '{"a":'.repeat(2500) + '1' + '}'.repeat(2500);
      const answers = [
        await s.http.post('/auth/login', undefined, { raw: deep }),
        await s.http.post('/organizations', undefined, { raw: deep, token: s.adminToken }),
        await s.http.post('/organizations', undefined, { raw: Buffer.from([0x7b, 0xff, 0x7d]), token: s.adminToken }),
        await s.http.post('/organizations', { kind: 'emperor' }, { token: s.adminToken }),
      ];
      expect(answers.map((r) => r.status)).toEqual([400, 400, 400, 400]);
      expect(s.parsed().filter((l) => (l.level as number) >= 40)).toEqual([]);
      expect(s.lines.join('\n')).not.toMatch(/stack/);
    } finally {
      await s.close();
    }
  });

  it('answer an unexpected failure with a generic 500 that leaks nothing, logged once with the request id', async () => {
    const s = await appWithCapturedLogs();
    try {
      // Break the database under the running service: a fault no request can cause.
      const c = new Client({ connectionString: s.dbUrl });
      await c.connect();
      await c.query('ALTER TABLE organizations RENAME TO organizations_gone');
      await c.end();

      const res = await s.http.get('/organizations', {
        token: s.adminToken,
        headers: { 'x-request-id': 'boom-1' },
        uncheckedContract: 'a 500 is a bug, so the document lists none; this test breaks the database on purpose',
      });
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', title: 'Internal server error' });
      expect(res.text).not.toMatch(/relation|SELECT|does not exist/i);
      expect(res.headers.get('x-request-id')).toBe('boom-1');

      const errors = s.parsed().filter((l) => l.level === 50);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ requestId: 'boom-1', path: '/api/v1/organizations' });
    } finally {
      await s.close();
    }
  });
});
