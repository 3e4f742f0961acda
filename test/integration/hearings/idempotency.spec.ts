import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';
import { book, local, trialBody, weekday } from './support';

describe('Idempotent booking', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (caseId: string) =>
    Number((await t.sql.query(`SELECT count(*) FROM hearings WHERE case_id = $1`, [caseId])).rows[0].count);

  it('answers a retry with the same key and body with the same response and books nothing more', async () => {
    const body = trialBody(w, local(weekday(0), '09:00'));
    const before = await count(w.case.id);
    const first = await book(t, w.clerk.token, body, { 'idempotency-key': 'retry-1' });
    expect(first.status).toBe(201);
    // Same body with its keys in another order.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const second = await book(t, w.clerk.token, reordered, { 'idempotency-key': 'retry-1' });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('etag')).toBe('"1"');
    expect(await count(w.case.id)).toBe(before + 1);
  });

  it('refuses the same key with another body (422 IDEMPOTENCY_KEY_REUSED)', async () => {
    const first = await book(t, w.clerk.token, trialBody(w, local(weekday(1), '09:00')), {
      'idempotency-key': 'retry-2',
    });
    expect(first.status).toBe(201);
    const other = await book(t, w.clerk.token, trialBody(w, local(weekday(1), '10:00')), {
      'idempotency-key': 'retry-2',
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keeps keys per user: another clerk may use the same key for their own booking', async () => {
    const clerk2 = await t.factory.user('clerk', w.court.id);
    const a = await book(t, w.clerk.token, trialBody(w, local(weekday(2), '09:00')), {
      'idempotency-key': 'shared-key',
    });
    const b = await book(t, clerk2.token, trialBody(w, local(weekday(2), '10:00')), {
      'idempotency-key': 'shared-key',
    });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).not.toBe(a.body.id);
  });

  it('keeps the key for 24 hours, then forgets it', async () => {
    const body = trialBody(w, local(weekday(3), '09:00'));
    const first = await book(t, w.clerk.token, body, { 'idempotency-key': 'old-key' });
    const { rows } = await t.sql.query(
      `SELECT extract(epoch FROM expires_at - created_at)::int AS ttl FROM idempotency_keys WHERE key = 'old-key'`,
    );
    expect(rows[0].ttl).toBe(24 * 3600);
    await t.sql.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'old-key'`);
    const later = await book(t, w.clerk.token, body, { 'idempotency-key': 'old-key' });
    // The key is new again: the request runs, and the first hearing holds everyone.
    expect(later.status).toBe(409);
    expect(later.body.conflicts[0].hearingId).toBe(first.body.id);
  });

  it('does not store failures: a retry after a clash runs again', async () => {
    const day = weekday(4);
    const blocker = await book(t, w.clerk.token, trialBody(w, local(day, '09:00')));
    const body = trialBody(w, local(day, '09:10'));
    expect((await book(t, w.clerk.token, body, { 'idempotency-key': 'after-clash' })).status).toBe(409);
    await t.http.post(`/hearings/${blocker.body.id}/cancel`, { reason: 'moved' }, { token: w.clerk.token });
    expect((await book(t, w.clerk.token, body, { 'idempotency-key': 'after-clash' })).status).toBe(201);
  });

  it('books once when the same request is sent ten times at once', async () => {
    const body = trialBody(w, local(weekday(5), '09:00'));
    const before = await count(w.case.id);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => book(t, w.clerk.token, body, { 'idempotency-key': 'burst' })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await count(w.case.id)).toBe(before + 1);
  });

  it('refuses a malformed key', async () => {
    const res = await book(t, w.clerk.token, trialBody(w, local(weekday(6), '09:00')), {
      'idempotency-key': 'x'.repeat(201),
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
  });
});
