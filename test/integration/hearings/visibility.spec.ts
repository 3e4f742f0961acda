import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';
import { book, local, trialBody, utc, weekday } from './support';

describe('Reading hearings: visibility, filters, history', () => {
  let t: TestApp;
  let w: World;
  let other: World;
  let hearingId: string;
  let otherHearingId: string;
  let dutyLawyer: Awaited<ReturnType<TestApp['factory']['user']>>;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
    other = await t.factory.world();
    dutyLawyer = await t.factory.user('lawyer', w.lawFirm.id);
    const a = await book(
      t,
      w.clerk.token,
      trialBody(w, local(weekday(0), '09:00'), { defenseLawyerIds: [w.lawyer.id, dutyLawyer.id] }),
    );
    const b = await book(t, other.clerk.token, trialBody(other, local(weekday(1), '10:00')));
    expect([a.status, b.status]).toEqual([201, 201]);
    hearingId = a.body.id;
    otherHearingId = b.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const ids = async (token: string, query = '') => {
    const res = await t.http.get(`/hearings${query}`, { token });
    expect(res.status).toBe(200);
    return res.body.map((h: { id: string }) => h.id).sort();
  };

  it('shows each role the hearings of the cases it may see', async () => {
    expect(await ids(t.adminToken)).toEqual([hearingId, otherHearingId].sort());
    for (const user of [w.clerk, w.judge, w.prosecutor, w.lawyer, w.officer]) {
      expect(await ids(user.token)).toEqual([hearingId]);
      const got = await t.http.get(`/hearings/${hearingId}`, { token: user.token });
      expect(got.status).toBe(200);
      expect(got.headers.get('etag')).toBe('"1"');
      expect((await t.http.get(`/hearings/${otherHearingId}`, { token: user.token })).status).toBe(404);
    }
  });

  it('shows a duty lawyer the hearings they attend, though they defend no one in the case', async () => {
    expect(await ids(dutyLawyer.token)).toEqual([hearingId]);
    const stranger = await t.factory.user('lawyer', w.lawFirm.id);
    expect(await ids(stranger.token)).toEqual([]);
    expect((await t.http.get(`/hearings/${hearingId}`, { token: stranger.token })).status).toBe(404);
  });

  it("shows an officer the hearings in their center's video rooms even after the defendant moved away", async () => {
    const day = weekday(2);
    const d = await t.factory.defendant(w.center.id);
    const kase = await t.factory.case({
      courtId: w.court.id,
      procuratorateId: w.procuratorate.id,
      prosecutorId: w.prosecutor.id,
      defendants: [{ defendantId: d.id }],
    });
    const h = await book(t, w.clerk.token, { ...trialBody(w, local(day, '10:00')), caseId: kase.id });
    expect(h.status).toBe(201);
    await t.sql.query(`UPDATE defendants SET detention_center_id = $2 WHERE id = $1`, [d.id, other.center.id]);
    expect(await ids(w.officer.token, `?from=${utc(day, '00:00')}`)).toEqual([h.body.id]);
    // The new center's officer sees it through the defendant.
    expect(await ids(other.officer.token, `?from=${utc(day, '00:00')}`)).toEqual([h.body.id]);
  });

  it('filters by time window, court, detention center, status and attending user', async () => {
    expect(await ids(t.adminToken, `?from=${utc(weekday(0), '09:29')}&to=${utc(weekday(0), '12:00')}`)).toEqual([
      hearingId,
    ]);
    expect(await ids(t.adminToken, `?from=${utc(weekday(0), '09:30')}&to=${utc(weekday(0), '12:00')}`)).toEqual([]);
    expect(await ids(t.adminToken, `?courtId=${other.court.id}`)).toEqual([otherHearingId]);
    expect(await ids(t.adminToken, `?detentionCenterId=${other.center.id}&to=${utc(weekday(2), '00:00')}`)).toEqual([
      otherHearingId,
    ]);
    expect(await ids(t.adminToken, `?userId=${dutyLawyer.id}`)).toEqual([hearingId]);
    expect(await ids(t.adminToken, `?userId=${other.judge.id}`)).toEqual([otherHearingId]);
    expect(await ids(t.adminToken, `?status=cancelled`)).toEqual([]);
    const bad = await t.http.get(`/hearings?from=yesterday&status=maybe`, { token: t.adminToken });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['from', 'status']);
    const reversed = await t.http.get(`/hearings?from=${utc(weekday(1), '00:00')}&to=${utc(weekday(0), '00:00')}`, {
      token: t.adminToken,
    });
    expect(reversed.status).toBe(400);
  });

  it('tells the story of a hearing from the audit log, to those who may see it', async () => {
    const day = weekday(3);
    const h = await book(t, w.clerk.token, trialBody(w, local(day, '09:00')));
    await t.http.patch(
      `/hearings/${h.body.id}`,
      { startsAt: local(day, '10:00') },
      { token: w.clerk.token, headers: { 'if-match': '"1"' } },
    );
    await t.http.post(`/hearings/${h.body.id}/cancel`, { reason: 'plea withdrawn' }, { token: w.clerk.token });
    const res = await t.http.get(`/hearings/${h.body.id}/history`, { token: w.judge.token });
    expect(res.status).toBe(200);
    expect(res.body.map((e: { action: string }) => e.action)).toEqual(['create', 'update', 'cancel']);
    expect(res.body[1]).toMatchObject({
      actorId: w.clerk.id,
      before: { startsAt: new Date(utc(day, '09:00')).toISOString(), version: 1 },
      after: { startsAt: new Date(utc(day, '10:00')).toISOString(), version: 2 },
    });
    expect(res.body[2].after).toMatchObject({ status: 'cancelled', cancelReason: 'plea withdrawn' });
    expect((await t.http.get(`/hearings/${h.body.id}/history`, { token: other.clerk.token })).status).toBe(404);
  });

  it('answers 400 for an id that is not a UUID and 401 without a token', async () => {
    expect((await t.http.get('/hearings/not-a-uuid', { token: w.clerk.token })).status).toBe(400);
    expect((await t.http.get(`/hearings/${hearingId}`)).status).toBe(401);
  });
});
