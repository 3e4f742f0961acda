import { createTestApp, TestApp } from '../../support/test-app';
import { book, local, trialBody, weekday } from './support';

describe('Custody changes and booked hearings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('flags a future hearing when its defendant is released, with the reason, and bumps its version', async () => {
    const w = await t.factory.world();
    const h = await book(t, w.clerk.token, trialBody(w, local(weekday(0), '09:00')));
    expect(h.body.needsAttention).toBe(false);
    await t.sql.query(`UPDATE defendants SET custody_status = 'released' WHERE id = $1`, [w.defendant.id]);
    const got = await t.http.get(`/hearings/${h.body.id}`, { token: w.clerk.token });
    expect(got.body).toMatchObject({
      needsAttention: true,
      attentionReasons: [{ code: 'DEFENDANT_RELEASED', defendantId: w.defendant.id, at: expect.any(String) }],
      version: 2,
    });
    expect(got.headers.get('etag')).toBe('"2"');
    // The clerk's stale version no longer fits.
    const stale = await t.http.patch(
      `/hearings/${h.body.id}`,
      { durationMinutes: 20 },
      { token: w.clerk.token, headers: { 'if-match': '"1"' } },
    );
    expect(stale.status).toBe(412);
  });
});
