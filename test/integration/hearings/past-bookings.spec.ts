import { DateTime } from 'luxon';
import type { World } from '../../support/factories';
import { mondayAt } from '../../support/dates';
import { createTestApp, TestApp } from '../../support/test-app';
import { trialBody } from './support';

/** A year typo, a hearing held last month, one a minute ago: none may be booked into the past by accident. */
describe('Hearings in the past', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (table: string) => (await t.sql.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

  it('refuses booking a hearing that starts in the past with 422 STARTS_IN_PAST, writing nothing', async () => {
    const [hearings, audits] = [await count('hearings'), await count('audit_log')];
    const aMinuteAgo = DateTime.now().minus({ minutes: 1 }).toUTC().toISO()!;
    const lastYear = DateTime.fromISO(mondayAt(4)).minus({ years: 1 }).toISO()!;
    for (const startsAt of [mondayAt(-2), lastYear, aMinuteAgo, '2020-01-06T09:00:00+08:00']) {
      for (const extra of [{}, { override: { reason: 'Outside hours on purpose' } }]) {
        const res = await t.http.post('/hearings', trialBody(w, startsAt, extra), { token: w.clerk.token });
        expect([startsAt, res.status, res.body.code]).toEqual([startsAt, 422, 'STARTS_IN_PAST']);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.body.detail).toMatch(/backfill/);
      }
    }
    expect([await count('hearings'), await count('audit_log')]).toEqual([hearings, audits]);
  });

  it('refuses moving a hearing into the past, and keeps it where it was', async () => {
    const booked = await t.http.post('/hearings', trialBody(w, mondayAt(5)), { token: w.clerk.token });
    expect(booked.status).toBe(201);
    const moved = await t.http.patch(
      `/hearings/${booked.body.id}`,
      { startsAt: mondayAt(-5) },
      { token: w.clerk.token, headers: { 'if-match': '*' } },
    );
    expect([moved.status, moved.body.code]).toEqual([422, 'STARTS_IN_PAST']);
    const now = await t.http.get(`/hearings/${booked.body.id}`, { token: w.clerk.token });
    expect([now.body.startsAt, now.body.version]).toEqual([booked.body.startsAt, booked.body.version]);
    // Moving it to another future time still works.
    const later = await t.http.patch(
      `/hearings/${booked.body.id}`,
      { startsAt: mondayAt(6) },
      { token: w.clerk.token, headers: { 'if-match': '*' } },
    );
    expect(later.status).toBe(200);
  });

  it('lets a clerk or an admin back-fill a past hearing with backfill: {reason}, audited', async () => {
    const startsAt = mondayAt(-3, '10:00');
    const res = await t.http.post(
      '/hearings',
      trialBody(w, startsAt, { backfill: { reason: 'Held on paper while the system was down' } }),
      { token: w.clerk.token },
    );
    expect(res.status).toBe(201);
    expect(res.body.startsAt).toBe(DateTime.fromISO(startsAt).toUTC().toISO({ suppressMilliseconds: true }));
    const { rows } = await t.sql.query(
      `SELECT action, actor_id, after->>'backfillReason' AS reason FROM audit_log WHERE entity_id = $1`,
      [res.body.id],
    );
    expect(rows).toEqual([
      { action: 'create', actor_id: w.clerk.id, reason: 'Held on paper while the system was down' },
    ]);
    // The reason is free text: the court reads it in the history, the defense lawyer does not.
    const history = (token: string) => t.http.get(`/hearings/${res.body.id}/history`, { token });
    expect((await history(w.clerk.token)).body[0].after.backfillReason).toBe('Held on paper while the system was down');
    const asLawyer = await history(w.lawyer.token);
    expect(asLawyer.status).toBe(200);
    expect(asLawyer.body[0].after.backfillReason).toBeNull();

    // An admin moves a hearing into the past the same way.
    const booked = await t.http.post('/hearings', trialBody(w, mondayAt(7)), { token: t.adminToken });
    const moved = await t.http.patch(
      `/hearings/${booked.body.id}`,
      { startsAt: mondayAt(-3, '15:00'), backfill: { reason: 'Was held a day early' } },
      { token: t.adminToken, headers: { 'if-match': '*' } },
    );
    expect(moved.status).toBe(200);
  });

  it('refuses backfill from a prosecutor (403) and on a hearing that is not in the past (400 naming backfill)', async () => {
    const plea = {
      caseId: w.case.id,
      kind: 'plea_signing',
      startsAt: mondayAt(-2, '15:00'),
      durationMinutes: 30,
      backfill: { reason: 'Signed last week' },
    };
    const prosecutor = await t.http.post('/hearings', plea, { token: w.prosecutor.token });
    expect([prosecutor.status, prosecutor.body.code]).toEqual([403, 'FORBIDDEN']);
    const future = await t.http.post('/hearings', trialBody(w, mondayAt(8), { backfill: { reason: 'Not needed' } }), {
      token: w.clerk.token,
    });
    expect([future.status, future.body.errors]).toEqual([
      400,
      [{ field: 'backfill', message: expect.stringMatching(/only for a hearing that starts in the past/) }],
    ]);
    const blank = await t.http.post('/hearings', trialBody(w, mondayAt(-2), { backfill: { reason: ' ' } }), {
      token: w.clerk.token,
    });
    expect([blank.status, blank.body.errors?.[0]?.field]).toEqual([400, 'backfill.reason']);
  });

  it('refuses a sitting whose window starts in the past with 422 STARTS_IN_PAST', async () => {
    const sitting = {
      courtId: w.court.id,
      courtroomId: w.courtroom.id,
      judgeId: w.judge.id,
      prosecutorId: w.prosecutor.id,
      startsAt: mondayAt(-1, '08:30'),
      endsAt: mondayAt(-1, '12:00'),
      cases: [{ caseId: w.case.id, durationMinutes: 15 }],
    };
    const [hearings, sittings] = [await count('hearings'), await count('sittings')];
    for (const dryRun of [false, true]) {
      const res = await t.http.post('/sittings', { ...sitting, dryRun }, { token: w.clerk.token });
      expect([res.status, res.body.code]).toEqual([422, 'STARTS_IN_PAST']);
    }
    expect([await count('hearings'), await count('sittings')]).toEqual([hearings, sittings]);
  });

  it('offers no slot in the past: the search starts now, and a window wholly past is refused naming `to`', async () => {
    const search = (from: string, to: string) =>
      t.http.get(
        `/availability?caseId=${w.case.id}&kind=trial&durationMinutes=30&courtroomId=${w.courtroom.id}` +
          `&judgeId=${w.judge.id}&limit=200&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        { token: w.clerk.token },
      );
    const past = await search(mondayAt(-2, '08:00'), mondayAt(-2, '18:00'));
    expect([past.status, past.body.errors]).toEqual([
      400,
      [{ field: 'to', message: expect.stringMatching(/in the past/) }],
    ]);
    const now = DateTime.now();
    const around = await search(now.minus({ days: 3 }).toISO()!, now.plus({ days: 3 }).toISO()!);
    expect(around.status).toBe(200);
    expect(around.body.slots.length).toBeGreaterThan(0);
    for (const slot of around.body.slots) expect(Date.parse(slot.startsAt)).toBeGreaterThanOrEqual(now.toMillis());
  });
});
