import { DateTime } from 'luxon';
import type { UserRow, World } from '../../support/factories';
import { trialBody } from './support';
import { createTestApp, TestApp } from '../../support/test-app';

const NOTES = '张三 needs an interpreter (Uyghur)';
const OVERRIDE = 'Judge 李 sits late: 张三 has a hospital visit in the morning';
const CANCEL = '张三 is in hospital with tuberculosis';

/** A Monday a few weeks from now, local time in Shanghai: nothing here depends on a fixed date. */
function mondayAt(time: string, weeksAhead = 3): string {
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.now()
    .setZone('Asia/Shanghai')
    .plus({ weeks: weeksAhead })
    .startOf('week')
    .set({ hour, minute })
    .toISO({ suppressMilliseconds: true })!;
}

/**
 * Free text (notes, the reason for booking outside hours, the reason for cancelling) may name people and their
 * health: it is read by those who write it (the court's clerks and judges, the prosecutors of the case's
 * procuratorate, admins), never by the defense lawyer or the detention officer, wherever the hearing shows.
 */
describe('Free text on hearings: who may read it', () => {
  let t: TestApp;
  let w: World;
  let annotated: string;
  let cancelled: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
    const body = (startsAt: string) => trialBody(w, startsAt, { notes: NOTES, override: { reason: OVERRIDE } });
    const a = await t.http.post('/hearings', body(mondayAt('09:00')), { token: w.clerk.token });
    const b = await t.http.post('/hearings', body(mondayAt('10:00')), { token: w.clerk.token });
    expect([a.status, b.status]).toEqual([201, 201]);
    annotated = a.body.id;
    cancelled = b.body.id;
    const cancel = await t.http.post(`/hearings/${cancelled}/cancel`, { reason: CANCEL }, { token: w.clerk.token });
    expect(cancel.status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  const everything = async (user: { token: string }) => {
    const reads = [
      await t.http.get(`/hearings/${annotated}`, user),
      await t.http.get(`/hearings/${cancelled}`, user),
      await t.http.get('/hearings', user),
      await t.http.get(`/hearings/${annotated}/history`, user),
      await t.http.get(`/hearings/${cancelled}/history`, user),
    ];
    for (const r of reads) expect(r.status).toBe(200);
    return reads;
  };

  it.each<[string, (w: World) => UserRow]>([
    ['the defense lawyer', (x) => x.lawyer],
    ['the detention officer', (x) => x.officer],
  ])('shows %s the hearing, its list entry and its history without any free text', async (_, who) => {
    const [one, two, list, history, cancelHistory] = await everything(who(w));
    expect(one.body.notes).toBeNull();
    expect(two.body.status).toBe('cancelled');
    expect(list.body.map((h: { id: string }) => h.id).sort()).toEqual([annotated, cancelled].sort());
    expect(list.body.every((h: { notes: unknown }) => h.notes === null)).toBe(true);
    const created = history.body[0];
    expect(created.action).toBe('create');
    expect(created.after.hoursOverrideReason).toBeNull();
    expect(cancelHistory.body.map((e: { action: string }) => e.action)).toEqual(['create', 'cancel']);
    expect(cancelHistory.body[1].after).toMatchObject({ status: 'cancelled', cancelReason: null });
    for (const r of [one, two, list, history, cancelHistory]) {
      for (const text of [NOTES, OVERRIDE, CANCEL, '张三']) expect(r.text).not.toContain(text);
    }
  });

  it.each<[string, (w: World, t: TestApp) => { token: string }]>([
    ['a clerk of the court', (x) => x.clerk],
    ['a judge of the court', (x) => x.judge],
    ["a prosecutor of the case's procuratorate", (x) => x.prosecutor],
    ['an admin', (_, app) => ({ token: app.adminToken })],
  ])('shows %s every free text', async (_, who) => {
    const [one, , list, history, cancelHistory] = await everything(who(w, t));
    expect(one.body.notes).toBe(NOTES);
    expect(list.body.find((h: { id: string }) => h.id === annotated).notes).toBe(NOTES);
    expect(history.body[0].after.hoursOverrideReason).toBe(OVERRIDE);
    expect(cancelHistory.body[1].after.cancelReason).toBe(CANCEL);
  });

  it('keeps the free text stored as written, whoever read it', async () => {
    const { rows } = await t.sql.query(
      `SELECT notes, hours_override_reason, cancel_reason FROM hearings WHERE id = ANY($1::uuid[]) ORDER BY starts_at`,
      [[annotated, cancelled]],
    );
    expect(rows).toEqual([
      { notes: NOTES, hours_override_reason: OVERRIDE, cancel_reason: null },
      { notes: NOTES, hours_override_reason: OVERRIDE, cancel_reason: CANCEL },
    ]);
  });
});
