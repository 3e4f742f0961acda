import { HousekeepingService } from '../../../src/modules/housekeeping/housekeeping.service';
import { createTestModule, TestModule } from '../../support/test-module';

describe('housekeeping', () => {
  let t: TestModule;
  beforeAll(async () => {
    t = await createTestModule();
  });
  afterAll(async () => {
    await t?.close();
  });

  // No route runs housekeeping: the test drives the service in the application module directly, without HTTP.
  it('deletes expired idempotency keys and login failures that left the window, and keeps the live ones', async () => {
    const admin = await t.sql.query(
      `INSERT INTO users (email, email_normalized, name, role, password_hash) VALUES ('keeper@test.local', 'keeper@test.local', 'Keeper', 'admin', 'x') RETURNING id`,
    );
    await t.sql.query(
      `INSERT INTO idempotency_keys (actor_id, scope, key, request_hash, response_status, response_body, expires_at)
       VALUES ($1, 'POST /hearings', 'expired', 'h', 201, '{}', now() - interval '1 minute'),
              ($1, 'POST /hearings', 'live', 'h', 201, '{}', now() + interval '23 hours')`,
      [admin.rows[0].id],
    );
    await t.sql.query(
      `INSERT INTO login_failures (throttle_key, failed_at)
       VALUES ('ip:198.51.100.7', now() - interval '2 hours'), ('ip:198.51.100.7', now() - interval '1 minute')`,
    );

    await t.sql.query(
      `INSERT INTO rate_limit_hits (bucket, window_start, hits)
       VALUES ('join:198.51.100.7', now() - interval '2 hours', 5), ('join:198.51.100.7', now(), 1)`,
    );

    const report = await t.get(HousekeepingService).runOnce();

    expect(report).toEqual({ idempotencyKeys: 1, loginFailures: 1, rateLimitWindows: 1, guestsErased: 0 });
    const windows = await t.sql.query(`SELECT count(*)::int AS n FROM rate_limit_hits`);
    expect(windows.rows[0].n).toBe(1);
    const keys = await t.sql.query(`SELECT key FROM idempotency_keys ORDER BY key`);
    expect(keys.rows).toEqual([{ key: 'live' }]);
    const failures = await t.sql.query(
      `SELECT count(*)::int AS n FROM login_failures WHERE throttle_key = 'ip:198.51.100.7'`,
    );
    expect(failures.rows[0].n).toBe(1);
    // Running again finds nothing more: safe for every instance to run on its own timer.
    expect(await t.get(HousekeepingService).runOnce()).toEqual({
      idempotencyKeys: 0,
      loginFailures: 0,
      rateLimitWindows: 0,
      guestsErased: 0,
    });
  });
});
