import { Writable } from 'node:stream';
import { createApp } from '../../../src/app.factory';
import { loadConfig } from '../../../src/config/app-config';
import { HttpClient } from '../../support/http-client';
import { createTestDatabase, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '../../support/test-app';

describe('logs', () => {
  it('are JSON lines with the request id, and carry no credentials, tokens or query strings', async () => {
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
    try {
      const http = new HttpClient(`http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`);
      const login = await http.post(
        '/auth/login',
        { email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD },
        { headers: { 'x-request-id': 'log-test-1' } },
      );
      const token = login.body.accessToken as string;
      await http.get(`/users?role=clerk&q=${encodeURIComponent('张三丰')}`, {
        token,
        headers: { 'x-request-id': 'log-test-2' },
      });
      await http.post('/auth/login', { email: 'someone@test.local', password: 'secret-password-123' });

      const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const requestLines = parsed.filter((l) => l.msg === 'request');
      expect(requestLines).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ requestId: 'log-test-1', method: 'POST', path: '/api/v1/auth/login', status: 200 }),
          expect.objectContaining({ requestId: 'log-test-2', method: 'GET', path: '/api/v1/users', status: 400 }),
        ]),
      );
      const all = lines.join('\n');
      for (const secret of [
        TEST_ADMIN_PASSWORD,
        'secret-password-123',
        token,
        '张三丰',
        encodeURIComponent('张三丰'),
        'someone@test.local',
      ]) {
        expect(all).not.toContain(secret);
      }
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
