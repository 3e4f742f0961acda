import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';
import { book, local, trialBody, weekday } from './support';

/**
 * The schedule's rules hold in the database itself, whatever code writes to it: these tests bypass the service
 * and write SQL directly.
 */
describe('Scheduling invariants held by the database', () => {
  let t: TestApp;
  let w: World;
  let hearingId: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
    const res = await book(t, w.clerk.token, trialBody(w, local(weekday(0), '09:00')));
    expect(res.status).toBe(201);
    hearingId = res.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const reserve = (hearing: string, resource: string, range: string) =>
    t.sql.query(
      `INSERT INTO reservations (hearing_id, resource_type, resource_id, during) VALUES ($1, 'judge', $2, $3::tstzrange)`,
      [hearing, resource, range],
    );

  it('refuses an overlapping reservation of one resource (23P01), and accepts a back-to-back one', async () => {
    const other = await t.sql.query(
      `INSERT INTO hearings (case_id, kind, starts_at, ends_at, time_zone, courtroom_id, judge_id)
       SELECT case_id, kind, ends_at, ends_at + interval '30 minutes', time_zone, courtroom_id, judge_id FROM hearings WHERE id = $1
       RETURNING id, starts_at, ends_at`,
      [hearingId],
    );
    const next = other.rows[0];
    await expect(
      reserve(
        next.id,
        w.judge.id,
        `[${new Date(next.starts_at.getTime() - 60_000).toISOString()},${next.ends_at.toISOString()})`,
      ),
    ).rejects.toMatchObject({ code: '23P01' });
    await expect(
      reserve(next.id, w.judge.id, `[${next.starts_at.toISOString()},${next.ends_at.toISOString()})`),
    ).resolves.toBeDefined();
  });

  it('refuses empty and closed-ended ranges', async () => {
    const resource = '00000000-0000-4000-8000-000000000001';
    await expect(reserve(hearingId, resource, '[2027-01-04 09:00Z,2027-01-04 09:00Z)')).rejects.toMatchObject({
      code: '23514',
    });
    await expect(reserve(hearingId, resource, '[2027-01-04 09:00Z,2027-01-04 10:00Z]')).rejects.toMatchObject({
      code: '23514',
    });
  });

  it('frees every reservation of a hearing cancelled by any code, and refuses new ones for it', async () => {
    const before = await t.sql.query(`SELECT count(*)::int AS n FROM reservations WHERE hearing_id = $1`, [hearingId]);
    expect(before.rows[0].n).toBe(6);
    await t.sql.query(`UPDATE hearings SET status = 'cancelled', cancel_reason = 'by hand' WHERE id = $1`, [hearingId]);
    const after = await t.sql.query(`SELECT count(*)::int AS n FROM reservations WHERE hearing_id = $1`, [hearingId]);
    expect(after.rows[0].n).toBe(0);
    await expect(reserve(hearingId, w.judge.id, '[2027-01-05 09:00Z,2027-01-05 10:00Z)')).rejects.toThrow(
      /cancelled and cannot hold resources/,
    );
  });

  it('refuses a cancelled hearing without a reason', async () => {
    const res = await book(t, w.clerk.token, trialBody(w, local(weekday(1), '09:00')));
    expect(res.status).toBe(201);
    await expect(
      t.sql.query(`UPDATE hearings SET status = 'cancelled' WHERE id = $1`, [res.body.id]),
    ).rejects.toMatchObject({
      code: '23514',
    });
  });
});
