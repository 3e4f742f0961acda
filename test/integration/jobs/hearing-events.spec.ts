import { mondayAt } from '../../support/dates';
import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';
import { book, local, trialBody, weekday } from '../hearings/support';
import { sittingBody, sittingWorld } from '../sittings/support';

/**
 * Every path that changes a hearing writes its outbox event in the change's transaction (the job queue is off
 * here, so the events wait in the outbox where the test reads them): ids and the version only, no personal data.
 */
describe('Hearing events in the outbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function events(hearingId: string): Promise<{ topic: string; payload: Record<string, unknown> }[]> {
    const { rows } = await t.sql.query(
      `SELECT topic, payload FROM outbox WHERE payload->>'hearingId' = $1 ORDER BY position`,
      [hearingId],
    );
    return rows;
  }
  const topics = async (hearingId: string) => (await events(hearingId)).map((e) => e.topic);

  it('books, changes and cancels a hearing with one event each, carrying ids and the version only', async () => {
    const w = await t.factory.world();
    const h = await book(
      t,
      w.clerk.token,
      trialBody(w, local(weekday(0), '09:00'), { notes: '张三 needs a translator' }),
    );
    expect(h.status).toBe(201);
    const moved = await t.http.patch(
      `/hearings/${h.body.id}`,
      { startsAt: local(weekday(0), '10:00') },
      { token: w.clerk.token, headers: { 'if-match': '"1"' } },
    );
    expect(moved.status).toBe(200);
    const cancelled = await t.http.post(
      `/hearings/${h.body.id}/cancel`,
      { reason: 'withdrawn' },
      { token: w.clerk.token },
    );
    expect(cancelled.status).toBe(200);

    expect(await events(h.body.id)).toEqual([
      { topic: 'hearing.booked', payload: { hearingId: h.body.id, caseId: w.case.id, version: 1 } },
      { topic: 'hearing.changed', payload: { hearingId: h.body.id, caseId: w.case.id, version: 2 } },
      { topic: 'hearing.cancelled', payload: { hearingId: h.body.id, caseId: w.case.id, version: 3 } },
    ]);
    const { rows } = await t.sql.query(`SELECT request_id FROM outbox WHERE payload->>'hearingId' = $1`, [h.body.id]);
    expect(rows.every((r: { request_id: string | null }) => typeof r.request_id === 'string')).toBe(true);
  });

  it('writes no event when the change rolls back (a clash)', async () => {
    const w = await t.factory.world();
    const first = await book(t, w.clerk.token, trialBody(w, local(weekday(1), '09:00')));
    expect(first.status).toBe(201);
    const before = (await t.sql.query(`SELECT count(*)::int AS n FROM outbox`)).rows[0].n;
    const clash = await book(t, w.clerk.token, trialBody(w, local(weekday(1), '09:10')));
    expect(clash.status).toBe(409);
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM outbox`)).rows[0].n).toBe(before);
  });

  it('flags the hearings of a released defendant with hearing.flagged from the custody trigger', async () => {
    const w = await t.factory.world();
    const h = await book(t, w.clerk.token, trialBody(w, local(weekday(2), '09:00')));
    await t.sql.query(`UPDATE defendants SET custody_status = 'released' WHERE id = $1`, [w.defendant.id]);
    expect(await events(h.body.id)).toEqual([
      expect.objectContaining({ topic: 'hearing.booked' }),
      { topic: 'hearing.flagged', payload: { hearingId: h.body.id, caseId: w.case.id, version: 2 } },
    ]);
  });

  it('flags a plea signing left without a lawyer by a case change (the case-change follower)', async () => {
    const w = await t.factory.world();
    const signing = await book(t, w.clerk.token, {
      caseId: w.case.id,
      kind: 'plea_signing',
      startsAt: local(weekday(3), '09:00'),
      durationMinutes: 20,
    });
    expect(signing.status).toBe(201);
    const changed = await t.http.patch(
      `/cases/${w.case.id}`,
      { defenseLawyers: [{ defendantId: w.defendant.id, defenseLawyerId: null }] },
      { token: w.clerk.token },
    );
    expect(changed.status).toBe(200);
    expect(await topics(signing.body.id)).toEqual(['hearing.booked', 'hearing.flagged']);
  });

  it('books and cancels the hearings of a sitting with an event each', async () => {
    const { w, cases } = await sittingWorld(t, { casesPerCenter: [2] });
    const created = await t.http.post(
      '/sittings',
      sittingBody(
        w,
        cases.map((c) => ({ caseId: c.case.id, durationMinutes: 20 })),
      ),
      { token: w.clerk.token },
    );
    expect(created.status).toBe(201);
    const cancel = await t.http.post(
      `/sittings/${created.body.id}/cancel`,
      { reason: 'ill' },
      { token: w.clerk.token },
    );
    expect(cancel.status).toBe(200);
    for (const hearing of created.body.hearings as { id: string }[]) {
      expect(await topics(hearing.id)).toEqual(['hearing.booked', 'hearing.cancelled']);
    }
  });

  it('records an outcome with hearing.outcome_recorded', async () => {
    const w: World = await t.factory.world();
    const held = await t.http.post(
      '/hearings',
      trialBody(w, mondayAt(-1, '09:00'), { backfill: { reason: 'Recorded afterwards' } }),
      { token: w.clerk.token },
    );
    expect(held.status).toBe(201);
    const outcome = await t.http.post(
      `/hearings/${held.body.id}/outcome`,
      { result: 'held' },
      { token: w.clerk.token },
    );
    expect(outcome.status).toBe(201);
    expect(await topics(held.body.id)).toEqual(['hearing.booked', 'hearing.outcome_recorded']);
  });
});
