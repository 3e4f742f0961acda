import { createTestApp, TestApp } from '../../support/test-app';
import { overlappingReservations } from '../hearings/support';
import { countRows, DAY, sittingBody, sittingWorld } from './support';

/**
 * The plan is made from what is booked when the request arrives; if another booking takes one of its people or
 * rooms before the sitting is written, the whole sitting is refused (409) and nothing of it remains.
 */
describe('Sittings: a clash with a booking made meanwhile', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('rolls the whole sitting back with 409 SITTING_CLASH naming the clash', async () => {
    const { w, cases } = await sittingWorld(t, { casesPerCenter: [3] });
    const before = await countRows(t);
    // Another booking, not yet committed, holds the judge for the third hearing of the plan (09:20-09:40).
    const other = await t.sql.connect();
    try {
      await other.query('BEGIN');
      const { rows } = await other.query(
        `INSERT INTO hearings (case_id, kind, starts_at, ends_at, time_zone, prosecutor_id)
         VALUES ($1, 'plea_signing', '${DAY}T09:30:00+08:00', '${DAY}T09:50:00+08:00', 'Asia/Shanghai', $2) RETURNING id`,
        [w.case.id, w.prosecutor.id],
      );
      const blockingId = rows[0].id;
      await other.query(
        `INSERT INTO reservations (hearing_id, resource_type, resource_id, during)
         VALUES ($1, 'judge', $2, tstzrange('${DAY}T09:30:00+08:00', '${DAY}T09:50:00+08:00', '[)'))`,
        [blockingId, w.judge.id],
      );
      const pending = t.http.post(
        '/sittings',
        sittingBody(
          w,
          cases.map((c) => ({ caseId: c.case.id, durationMinutes: 20 })),
        ),
        { token: w.clerk.token },
      );
      // The sitting's reservation for the judge waits on the uncommitted one; then it commits.
      await new Promise((r) => setTimeout(r, 700));
      await other.query('COMMIT');
      const res = await pending;
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        code: 'SITTING_CLASH',
        caseId: expect.any(String),
        conflicts: [
          {
            resourceType: 'judge',
            resourceId: w.judge.id,
            hearingId: blockingId,
            startsAt: expect.any(String),
            endsAt: expect.any(String),
          },
        ],
      });
      const after = await countRows(t);
      expect(after.sittings).toBe(before.sittings);
      expect(after.hearings).toBe(before.hearings + 1); // only the other booking
      expect(
        (await t.sql.query(`SELECT count(*)::int AS n FROM hearings WHERE sitting_id IS NOT NULL`)).rows[0].n,
      ).toBe(0);
      expect(
        (await t.sql.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'sitting'`)).rows[0].n,
      ).toBe(0);
      expect(await overlappingReservations(t)).toEqual([]);
    } finally {
      other.release();
    }

    // Planned again on the new state, the sitting works around the judge's other engagement.
    const again = await t.http.post(
      '/sittings',
      sittingBody(
        w,
        cases.map((c) => ({ caseId: c.case.id, durationMinutes: 20 })),
      ),
      { token: w.clerk.token },
    );
    expect(again.status).toBe(201);
    expect(again.body.hearings.map((h: { localStartsAt: string }) => h.localStartsAt.slice(11, 16))).toEqual([
      '08:40',
      '09:00',
      '09:50',
    ]);
  });
});
