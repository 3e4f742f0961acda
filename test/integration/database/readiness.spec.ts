import { DataSource } from 'typeorm';
import { createApp } from '../../../src/app.factory';
import { loadConfig } from '../../../src/config/app-config';
import { dataSourceOptions } from '../../../src/schema/data-source-options';
import { HttpClient } from '../../support/http-client';
import { createTestDatabase, TEST_ADMIN_PASSWORD } from '../../support/test-app';

describe('readiness', () => {
  it('answers 503 while a migration is pending, and 200 once the service has applied it at start', async () => {
    const db = await createTestDatabase();
    const ds = new DataSource(dataSourceOptions(db.url));
    await ds.initialize();
    await ds.undoLastMigration({ transaction: 'each' });
    await ds.destroy();
    const config = {
      ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ADMIN_PASSWORD: TEST_ADMIN_PASSWORD }),
      databaseUrl: db.url,
    };

    const stale = await createApp(config, { migrate: false });
    await stale.listen(0, '127.0.0.1');
    try {
      const http = new HttpClient(`http://127.0.0.1:${(stale.getHttpServer().address() as { port: number }).port}`);
      const res = await http.get('/health/ready');
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      expect(res.body).toMatchObject({ code: 'NOT_READY', migrations: 'pending' });
      expect((await http.get('/health')).status).toBe(200);
    } finally {
      await stale.close();
    }

    const fresh = await createApp(config);
    await fresh.listen(0, '127.0.0.1');
    try {
      const http = new HttpClient(`http://127.0.0.1:${(fresh.getHttpServer().address() as { port: number }).port}`);
      expect((await http.get('/health/ready')).status).toBe(200);
    } finally {
      await fresh.close();
      await db.drop();
    }
  });
});
