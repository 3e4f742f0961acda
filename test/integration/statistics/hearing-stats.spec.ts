import { DateTime } from 'luxon';
import type { World } from '../../support/factories';
import { mondayAt } from '../../support/dates';
import { createTestApp, TestApp } from '../../support/test-app';
import { trialBody } from '../hearings/support';

/**
 * GET /stats/hearings against small datasets counted by hand: hearings back-filled through the API by the court's
 * clerk, outcomes recorded through POST /hearings/:id/outcome, dates computed from now.
 */
describe('hearing statistics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const RECORDED_AFTERWARDS = { backfill: { reason: 'Recorded afterwards' } };

  /** A hearing that took place at `startsAt` (ISO with offset), back-filled by the clerk of its court. */
  async function pastHearing(
    w: World,
    startsAt: string,
    extra: Record<string, unknown> = {},
    clerk = w.clerk,
  ): Promise<string> {
    const res = await t.http.post('/hearings', trialBody(w, startsAt, { ...RECORDED_AFTERWARDS, ...extra }), {
      token: clerk.token,
    });
    if (res.status !== 201) throw new Error(`back-fill: ${res.status} ${res.text}`);
    return res.body.id;
  }

  async function outcome(w: World, hearingId: string, body: Record<string, unknown>): Promise<void> {
    const res = await t.http.post(`/hearings/${hearingId}/outcome`, body, { token: w.clerk.token });
    if (res.status !== 201) throw new Error(`outcome: ${res.status} ${res.text}`);
  }

  /** Another case of `w`'s court and procuratorate, with a new defendant of its center. */
  async function anotherCase(w: World): Promise<World> {
    const defendant = await t.factory.defendant(w.center.id);
    const kase = await t.factory.case({
      courtId: w.court.id,
      procuratorateId: w.procuratorate.id,
      prosecutorId: w.prosecutor.id,
      defendants: [{ defendantId: defendant.id, defenseLawyerId: w.lawyer.id }],
    });
    return { ...w, defendant, case: kase };
  }

  /** The case was entered `days` local days before `at`, at 15:00 in the court's zone. */
  async function enteredBefore(caseId: string, at: string, days: number, zone = 'Asia/Shanghai'): Promise<void> {
    const created = DateTime.fromISO(at, { zone }).minus({ days }).set({ hour: 15, minute: 0 });
    await t.sql.query(`UPDATE cases SET created_at = $2 WHERE id = $1`, [caseId, created.toJSDate()]);
  }

  const stats = (query: Record<string, string>, token: string, headers?: Record<string, string>) =>
    t.http.get(`/stats/hearings?${new URLSearchParams(query).toString()}`, { token, headers });

  const dateOf = (at: string, zone = 'Asia/Shanghai') => DateTime.fromISO(at, { zone }).toISODate()!;

  const emptyRow = {
    hearings: 0,
    held: 0,
    adjourned: 0,
    defendantAbsent: 0,
    partyAbsent: 0,
    technicalFailure: 0,
    noOutcome: 0,
    cancelled: 0,
    withOutcome: 0,
    adjournmentRate: null,
    absenceRate: null,
    meanScheduledMinutes: null,
    actualDurationsKnown: 0,
    meanActualMinutes: null,
    casesFirstHeard: 0,
    medianDaysToFirstHearing: null,
  };
  const KINDS = ['arraignment', 'plea_signing', 'speedy_trial', 'trial', 'sentencing', 'pretrial_conference'];

  it('counts by kind and result, forms the rates over the hearings with an outcome, and the durations', async () => {
    const w = await t.factory.world();
    const second = await anotherCase(w);
    const at = (time: string) => mondayAt(-2, time);
    // Case 1: held (09:05-09:45, 30 scheduled), adjourned (30), defendant absent (sentencing, 11:00-11:10 of 20),
    // cancelled (30). Case 2: a trial of 60 minutes with no outcome yet. And a hearing of case 1 three weeks before,
    // outside the window.
    const before = await pastHearing(w, mondayAt(-5, '09:00'));
    await outcome(w, before, { result: 'held' });
    const held = await pastHearing(w, at('09:00'));
    await outcome(w, held, { result: 'held', startedAt: at('09:05'), endedAt: at('09:45') });
    const adjourned = await pastHearing(w, at('10:00'));
    await outcome(w, adjourned, { result: 'adjourned' });
    const absent = await pastHearing(w, at('11:00'), { kind: 'sentencing', durationMinutes: 20 });
    await outcome(w, absent, { result: 'defendant_absent', startedAt: at('11:00'), endedAt: at('11:10') });
    const cancelled = await pastHearing(w, at('14:30'));
    expect(
      (await t.http.post(`/hearings/${cancelled}/cancel`, { reason: 'Not held' }, { token: w.clerk.token })).status,
    ).toBe(200);
    await pastHearing(second, at('15:30'), { durationMinutes: 60 });
    // Case 1 was entered 30 days before its first hearing (the one three weeks before: not in the window), case 2
    // 4 days before its first, in the window.
    await enteredBefore(w.case.id, mondayAt(-5, '09:00'), 30);
    await enteredBefore(second.case.id, at('15:30'), 4);

    const day = dateOf(at('09:00'));
    const res = await stats({ from: DateTime.fromISO(day).minus({ days: 1 }).toISODate()!, to: day }, w.clerk.token);
    expect(res.status).toBe(200);
    expect(res.body.timeZone).toBe('Asia/Shanghai');
    expect(res.body.definitions.absenceRate).toBe('(defendantAbsent + partyAbsent) / withOutcome');
    expect(res.body.definitions.window).toMatch(/scheduled start/);
    expect(res.body.rows.map((r: { groupBy: string; group: string }) => `${r.groupBy}:${r.group}`)).toEqual([
      'overall:all',
      ...KINDS.map((k) => `kind:${k}`),
    ]);
    const [overall, ...kinds] = res.body.rows;
    expect(overall).toEqual({
      groupBy: 'overall',
      group: 'all',
      hearings: 5,
      held: 1,
      adjourned: 1,
      defendantAbsent: 1,
      partyAbsent: 0,
      technicalFailure: 0,
      noOutcome: 1,
      cancelled: 1,
      withOutcome: 3,
      adjournmentRate: 0.3333,
      absenceRate: 0.3333,
      meanScheduledMinutes: 35, // (30 + 30 + 20 + 60) / 4, the cancelled one left out
      actualDurationsKnown: 2,
      meanActualMinutes: 25, // (40 + 10) / 2
      casesFirstHeard: 1,
      medianDaysToFirstHearing: 4,
    });
    const byKind = Object.fromEntries(kinds.map((r: { group: string }) => [r.group, r]));
    expect(byKind.trial).toMatchObject({
      hearings: 4,
      held: 1,
      adjourned: 1,
      noOutcome: 1,
      cancelled: 1,
      withOutcome: 2,
      adjournmentRate: 0.5,
      absenceRate: 0,
      meanScheduledMinutes: 40,
      actualDurationsKnown: 1,
      meanActualMinutes: 40,
      casesFirstHeard: 1,
      medianDaysToFirstHearing: 4,
    });
    expect(byKind.sentencing).toMatchObject({
      hearings: 1,
      defendantAbsent: 1,
      withOutcome: 1,
      adjournmentRate: 0,
      absenceRate: 1,
      meanScheduledMinutes: 20,
      meanActualMinutes: 10,
      casesFirstHeard: 0,
      medianDaysToFirstHearing: null,
    });
    expect(byKind.arraignment).toEqual({ groupBy: 'kind', group: 'arraignment', ...emptyRow });

    // From the week of the first hearing on, case 1 is first heard too: waits of 4 and 30 days, median 17.
    const wider = await stats({ from: dateOf(mondayAt(-5, '09:00')), to: day }, w.clerk.token);
    expect(wider.body.rows[0]).toMatchObject({
      hearings: 6,
      held: 2,
      casesFirstHeard: 2,
      medianDaysToFirstHearing: 17,
    });

    // A window with nothing in it: zeros, null rates and means.
    const empty = await stats({ from: dateOf(mondayAt(-30)), to: dateOf(mondayAt(-29)) }, w.clerk.token);
    expect(empty.status).toBe(200);
    expect(empty.body.rows).toEqual([
      { groupBy: 'overall', group: 'all', ...emptyRow },
      ...KINDS.map((k) => ({ groupBy: 'kind', group: k, ...emptyRow })),
    ]);
  });

  it("dates a hearing by its start in the court's zone: 23:30 on one local day, 00:30 on the next", async () => {
    // São Paulo is UTC-3 all year: 23:30 there is 02:30 UTC the next day.
    const zone = 'America/Sao_Paulo';
    const w = await t.factory.world({ timeZone: zone });
    const day = DateTime.now().setZone(zone).startOf('week').minus({ weeks: 3 });
    const late = DateTime.fromISO(`${day.toISODate()}T23:30`, { zone }).toISO()!;
    const early = DateTime.fromISO(`${day.plus({ days: 1 }).toISODate()}T00:30`, { zone }).toISO()!;
    const outsideHours = { override: { reason: 'Night session' } };
    await pastHearing(w, late, outsideHours);
    await pastHearing(w, early, { ...outsideHours, durationMinutes: 20 });
    const count = async (from: string, to: string) => {
      const res = await stats({ from, to }, w.judge.token);
      return [res.status, res.body.timeZone, res.body.rows[0].hearings, res.body.rows[0].meanScheduledMinutes];
    };
    const first = day.toISODate()!;
    const next = day.plus({ days: 1 }).toISODate()!;
    expect(await count(first, first)).toEqual([200, zone, 1, 30]);
    expect(await count(next, next)).toEqual([200, zone, 1, 20]);
    expect(await count(first, next)).toEqual([200, zone, 2, 25]);
    expect(await count(day.minus({ days: 1 }).toISODate()!, day.minus({ days: 1 }).toISODate()!)).toEqual([
      200,
      zone,
      0,
      null,
    ]);
  });

  it("counts only the caller's hearings: their court's, procuratorate's cases', center's; 403 for the rest", async () => {
    const a = await t.factory.world();
    const b = await t.factory.world();
    // A case of b's court prosecuted by a's procuratorate, its defendant held in b's center.
    const defendant = await t.factory.defendant(b.center.id);
    const shared = await t.factory.case({
      courtId: b.court.id,
      procuratorateId: a.procuratorate.id,
      prosecutorId: a.prosecutor.id,
      defendants: [{ defendantId: defendant.id, defenseLawyerId: b.lawyer.id }],
    });
    const sharedWorld: World = { ...b, case: shared, defendant, prosecutor: a.prosecutor };
    await pastHearing(a, mondayAt(-3, '09:00'));
    await pastHearing(b, mondayAt(-3, '10:00'));
    await pastHearing(b, mondayAt(-3, '11:00'));
    await pastHearing(sharedWorld, mondayAt(-3, '14:30'), {}, b.clerk);
    const window = { from: dateOf(mondayAt(-3)), to: dateOf(mondayAt(-3)) };
    const count = async (token: string, extra: Record<string, string> = {}) => {
      const res = await stats({ ...window, ...extra }, token);
      return res.status === 200 ? res.body.rows[0].hearings : res.status;
    };
    expect(await count(a.clerk.token)).toBe(1);
    expect(await count(a.judge.token)).toBe(1);
    expect(await count(b.clerk.token)).toBe(3);
    expect(await count(a.prosecutor.token)).toBe(2);
    expect(await count(a.prosecutor.token, { courtId: b.court.id })).toBe(1);
    expect(await count(b.prosecutor.token)).toBe(2);
    expect(await count(a.officer.token)).toBe(1);
    expect(await count(b.officer.token)).toBe(3);
    expect(await count(b.officer.token, { courtId: a.court.id })).toBe(0);
    expect(await count(a.clerk.token, { courtId: b.court.id })).toBe(403);
    expect(await count(a.officer.token, { detentionCenterId: b.center.id })).toBe(403);
    expect(await count(a.lawyer.token)).toBe(403);
    const admin = await t.factory.user('admin', null);
    expect(await count(admin.token, { courtId: b.court.id })).toBe(3);
    expect(await count(admin.token, { detentionCenterId: a.center.id })).toBe(1);
    expect(await count(admin.token, { courtId: b.court.id, detentionCenterId: a.center.id })).toBe(0);
    const all = await stats(window, admin.token);
    expect(all.body.timeZone).toBeNull();
    expect(all.body.rows[0].hearings).toBeGreaterThanOrEqual(4);
  });

  it('answers the same rows as CSV with Accept: text/csv', async () => {
    const w = await t.factory.world();
    const id = await pastHearing(w, mondayAt(-4, '09:00'));
    await outcome(w, id, { result: 'party_absent' });
    const query = { from: dateOf(mondayAt(-4)), to: dateOf(mondayAt(-4)) };
    const json = await stats(query, w.clerk.token);
    const csv = await stats(query, w.clerk.token, { accept: 'text/csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const raw = await fetch(t.http.url(`/stats/hearings?${new URLSearchParams(query).toString()}`), {
      headers: { accept: 'text/csv', authorization: `Bearer ${w.clerk.token}` },
    });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'groupBy,group,hearings,held,adjourned,defendantAbsent,partyAbsent,technicalFailure,noOutcome,cancelled,' +
        'withOutcome,adjournmentRate,absenceRate,meanScheduledMinutes,actualDurationsKnown,meanActualMinutes,' +
        'casesFirstHeard,medianDaysToFirstHearing',
    );
    expect(lines).toHaveLength(1 + 7);
    expect(lines[1]).toBe('overall,all,1,0,0,0,1,0,0,0,1,0,1,30,0,,0,');
    expect(lines[4]).toBe('kind,speedy_trial,0,0,0,0,0,0,0,0,0,,,,0,,0,');
    expect(json.body.rows[0]).toMatchObject({ partyAbsent: 1, absenceRate: 1, meanActualMinutes: null });
  });

  it('refuses bad windows and unknown ids with 400 naming the field', async () => {
    const w = await t.factory.world();
    const admin = await t.factory.user('admin', null);
    const field = async (query: Record<string, string>, token = w.clerk.token) => {
      const res = await stats(query, token);
      expect(res.headers.get('content-type') ?? '').toMatch(res.status === 200 ? /json/ : /problem\+json/);
      return [res.status, res.body.errors && [...new Set(res.body.errors.map((e: { field: string }) => e.field))]];
    };
    expect(await field({ from: '2027-02-01', to: '2027-01-31' })).toEqual([400, ['to']]);
    expect(await field({ from: '2027-02-30', to: '2027-03-01' })).toEqual([400, ['from']]);
    expect(await field({ from: '2027-01-01', to: '2027-1-31' })).toEqual([400, ['to']]);
    expect(await field({ from: '2020-01-01', to: '2025-01-01' })).toEqual([400, ['to']]);
    expect(await field({ from: '2027-01-01', to: '2027-01-01' })).toEqual([200, undefined]);
    const window = { from: '2027-01-01', to: '2027-01-31' };
    expect(await field({ ...window, courtId: w.procuratorate.id }, admin.token)).toEqual([400, ['courtId']]);
    expect(await field({ ...window, courtId: '00000000-0000-4000-8000-000000000000' }, admin.token)).toEqual([
      400,
      ['courtId'],
    ]);
    expect(await field({ ...window, detentionCenterId: w.court.id })).toEqual([400, ['detentionCenterId']]);
    expect(await field({ ...window, courtId: 'x' })).toEqual([400, ['courtId']]);
  });
});
