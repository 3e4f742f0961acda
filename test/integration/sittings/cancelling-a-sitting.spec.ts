import { createTestApp, TestApp } from '../../support/test-app';
import { sittingBody, sittingWorld } from './support';

describe('Cancelling a sitting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('cancels the sitting and every hearing in one go, frees their people and rooms, and audits each', async () => {
    const { w, cases } = await sittingWorld(t, { casesPerCenter: [3] });
    const body = sittingBody(
      w,
      cases.map((c) => ({ caseId: c.case.id, durationMinutes: 20 })),
    );
    const created = await t.http.post('/sittings', body, { token: w.clerk.token });
    expect(created.status).toBe(201);
    const hearingIds = created.body.hearings.map((h: { id: string }) => h.id);

    const res = await t.http.post(
      `/sittings/${created.body.id}/cancel`,
      { reason: 'the judge is ill' },
      { token: w.clerk.token },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.body.id, status: 'cancelled', cancelReason: 'the judge is ill' });
    expect(res.body.hearings.map((h: { status: string }) => h.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    const held = await t.sql.query(`SELECT count(*)::int AS n FROM reservations WHERE hearing_id = ANY($1::uuid[])`, [
      hearingIds,
    ]);
    expect(held.rows[0].n).toBe(0);
    const audit = await t.sql.query(
      `SELECT entity_type, action FROM audit_log WHERE action = 'cancel' AND (entity_id = $1 OR entity_id = ANY($2::text[])) ORDER BY id`,
      [created.body.id, hearingIds],
    );
    expect(audit.rows).toEqual([
      { entity_type: 'hearing', action: 'cancel' },
      { entity_type: 'hearing', action: 'cancel' },
      { entity_type: 'hearing', action: 'cancel' },
      { entity_type: 'sitting', action: 'cancel' },
    ]);
    expect((await t.http.get(`/sittings/${created.body.id}`, { token: w.judge.token })).body.status).toBe('cancelled');

    // Everything is free again: the same sitting can be booked at the same times.
    const again = await t.http.post('/sittings', body, { token: w.clerk.token });
    expect(again.status).toBe(201);
    expect(again.body.hearings.map((h: { startsAt: string }) => h.startsAt)).toEqual(
      created.body.hearings.map((h: { startsAt: string }) => h.startsAt),
    );

    const twice = await t.http.post(
      `/sittings/${created.body.id}/cancel`,
      { reason: 'again' },
      { token: w.clerk.token },
    );
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('SITTING_CANCELLED');
  });

  it('leaves a hearing already cancelled on its own as it was', async () => {
    const { w, cases } = await sittingWorld(t, { casesPerCenter: [2] });
    const created = await t.http.post(
      '/sittings',
      sittingBody(
        w,
        cases.map((c) => ({ caseId: c.case.id, durationMinutes: 20 })),
      ),
      { token: w.clerk.token },
    );
    const first = created.body.hearings[0].id;
    expect(
      (await t.http.post(`/hearings/${first}/cancel`, { reason: 'defendant ill' }, { token: w.clerk.token })).status,
    ).toBe(200);
    const res = await t.http.post(
      `/sittings/${created.body.id}/cancel`,
      { reason: 'court closed' },
      { token: t.adminToken },
    );
    expect(res.status).toBe(200);
    const { rows } = await t.sql.query(`SELECT cancel_reason FROM hearings WHERE sitting_id = $1 ORDER BY starts_at`, [
      created.body.id,
    ]);
    expect(rows.map((r) => r.cancel_reason)).toEqual(['defendant ill', 'court closed']);
  });

  it('lets only an admin or a clerk of the court cancel, and needs a reason', async () => {
    const { w, cases } = await sittingWorld(t, { casesPerCenter: [1] });
    const created = await t.http.post(
      '/sittings',
      sittingBody(
        w,
        cases.map((c) => ({ caseId: c.case.id, durationMinutes: 20 })),
      ),
      { token: w.clerk.token },
    );
    const path = `/sittings/${created.body.id}/cancel`;
    expect((await t.http.post(path, { reason: 'x' }, { token: w.judge.token })).status).toBe(403);
    expect((await t.http.post(path, { reason: 'x' }, { token: w.prosecutor.token })).status).toBe(403);
    const otherCourt = await t.factory.organization('court');
    expect(
      (await t.http.post(path, { reason: 'x' }, { token: (await t.factory.user('clerk', otherCourt.id)).token }))
        .status,
    ).toBe(404);
    const blank = await t.http.post(path, { reason: '  ' }, { token: w.clerk.token });
    expect(blank.status).toBe(400);
    expect(blank.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    expect((await t.http.post(path, {}, { token: w.clerk.token })).status).toBe(400);
    expect((await t.http.get(`/sittings/${created.body.id}`, { token: w.clerk.token })).body.status).toBe('scheduled');
  });
});
