import { addDays, nextOffsetChange, workingDay } from '../../support/dates';
import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';

/** The slot finder reads every organization's calendar: closures, make-up working days, its own zone. */
describe('Availability: opening hours, exceptions and time zones', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  // Days some weeks ahead (the slot finder offers nothing in the past).
  const tuesday = workingDay(3, 'Asia/Shanghai', 2);

  const slotsOf = async (w: World, from: string, to: string, extra = '') => {
    const res = await t.http.get(
      `/availability?caseId=${w.case.id}&kind=trial&durationMinutes=60&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}` +
        `&limit=200&courtroomId=${w.courtroom.id}&judgeId=${w.judge.id}${extra}`,
      { token: w.clerk.token },
    );
    expect(res.status).toBe(200);
    return res.body.slots as Array<{ startsAt: string; localStartsAt: string; videoRoomId: string | null }>;
  };
  const days = (slots: Array<{ localStartsAt: string }>) => [
    ...new Set(slots.map((s) => s.localStartsAt.slice(0, 10))),
  ];

  it('skips a public holiday of the court and offers a make-up working Saturday of every organization', async () => {
    const w = await t.factory.world();
    const exception = (orgId: string, body: Record<string, unknown>) =>
      t.http.post(`/organizations/${orgId}/calendar-exceptions`, body, { token: t.adminToken });
    // A week-long holiday at the court from a Thursday to the Wednesday after (as National Day, 1-7 October), and
    // the Saturday after it a make-up working day everywhere.
    const eve = workingDay(4, 'Asia/Shanghai', 3);
    const day = (n: number) => addDays(eve, n);
    for (const date of [day(1), day(2), day(5), day(6), day(7)])
      expect((await exception(w.court.id, { date, kind: 'closed', reason: 'National Day' })).status).toBe(201);
    for (const org of [w.court, w.procuratorate, w.center]) {
      expect((await exception(org.id, { date: day(10), kind: 'open', reason: 'make-up working day' })).status).toBe(
        201,
      );
    }
    const slots = await slotsOf(w, `${eve}T12:00`, `${day(12)}T00:00`);
    expect(days(slots)).toEqual([eve, day(8), day(9), day(10)]);
  });

  it('offers nothing on a make-up Saturday when the detention center stays closed', async () => {
    const w = await t.factory.world();
    const saturday = workingDay(4, 'Asia/Shanghai', 6);
    for (const org of [w.court, w.procuratorate]) {
      await t.http.post(
        `/organizations/${org.id}/calendar-exceptions`,
        { date: saturday, kind: 'open', reason: 'make-up working day' },
        { token: t.adminToken },
      );
    }
    expect(await slotsOf(w, `${saturday}T00:00`, `${addDays(saturday, 1)}T00:00`)).toEqual([]);
  });

  it('follows weekly hours set by the court and reads the window in the court zone across a DST change', async () => {
    const w = await t.factory.world({ timeZone: 'Europe/London' });
    const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '09:00', closes: '11:00' }));
    for (const org of [w.court, w.procuratorate, w.center]) {
      expect(
        (await t.http.put(`/organizations/${org.id}/opening-hours`, { weekly }, { token: t.adminToken })).status,
      ).toBe(200);
    }
    // Clocks go back on the next last Sunday of October: 09:10 local is 08:10Z on Saturday and 09:10Z on Sunday.
    const sunday = nextOffsetChange('Europe/London', 'back').date;
    const saturday = addDays(sunday, -1);
    const slots = await slotsOf(w, `${saturday}T00:00`, `${addDays(sunday, 1)}T00:00`);
    const firstOf = (day: string) => slots.find((s) => s.localStartsAt.startsWith(day))!;
    expect(firstOf(saturday)).toMatchObject({
      startsAt: `${saturday}T08:10:00Z`,
      localStartsAt: `${saturday}T09:10:00+01:00`,
    });
    expect(firstOf(sunday)).toMatchObject({
      startsAt: `${sunday}T09:10:00Z`,
      localStartsAt: `${sunday}T09:10:00+00:00`,
    });
    // 09:00-11:00 minus 10 minutes of escort each side leaves 09:10 to 09:50 for a one-hour hearing: 9 starts a day.
    expect(slots.filter((s) => s.localStartsAt.startsWith(sunday))).toHaveLength(9);
  });

  it('searches a plea signing for the case prosecutor, in the procuratorate hours, without court or judge', async () => {
    const w = await t.factory.world();
    // The court is closed that day; a plea signing does not need it.
    await t.http.post(
      `/organizations/${w.court.id}/calendar-exceptions`,
      { date: tuesday, kind: 'closed', reason: 'court training day' },
      { token: t.adminToken },
    );
    const res = await t.http.get(
      `/availability?caseId=${w.case.id}&kind=plea_signing&durationMinutes=20&from=${tuesday}T08:00&to=${tuesday}T12:00&limit=3`,
      { token: w.prosecutor.token },
    );
    expect(res.status).toBe(200);
    expect(res.body.slots.map((s: { localStartsAt: string }) => s.localStartsAt)).toEqual([
      `${tuesday}T08:40:00+08:00`,
      `${tuesday}T08:45:00+08:00`,
      `${tuesday}T08:50:00+08:00`,
    ]);
    const booked = await t.http.post(
      '/hearings',
      {
        caseId: w.case.id,
        kind: 'plea_signing',
        startsAt: res.body.slots[0].startsAt,
        durationMinutes: 20,
        videoRoomId: res.body.slots[0].videoRoomId,
      },
      { token: w.prosecutor.token },
    );
    expect(booked.status).toBe(201);
  });

  it('needs no video room for a released defendant, so the center hours do not apply', async () => {
    const w = await t.factory.world();
    const released = await t.factory.defendant(w.center.id, { custodyStatus: 'released' });
    const kase = await t.factory.case({
      courtId: w.court.id,
      procuratorateId: w.procuratorate.id,
      prosecutorId: w.prosecutor.id,
      defendants: [{ defendantId: released.id }],
    });
    const res = await t.http.get(
      `/availability?caseId=${kase.id}&kind=trial&durationMinutes=30&from=${tuesday}T08:00&to=${tuesday}T12:00&limit=1` +
        `&courtroomId=${w.courtroom.id}&judgeId=${w.judge.id}`,
      { token: w.clerk.token },
    );
    expect(res.body.slots).toEqual([
      {
        startsAt: `${tuesday}T00:30:00Z`,
        endsAt: `${tuesday}T01:00:00Z`,
        localStartsAt: `${tuesday}T08:30:00+08:00`,
        videoRoomId: null,
      },
    ]);
  });

  it('uses only the video room asked for, and honours a defendant list given comma-separated', async () => {
    const w = await t.factory.world({ videoRooms: 2 });
    const second = await t.factory.defendant(w.center.id);
    await t.sql.query(`INSERT INTO case_defendants (case_id, defendant_id) VALUES ($1, $2)`, [w.case.id, second.id]);
    // The second defendant is busy at 08:30 in another case (whose hearing takes video room 1).
    const otherProsecutor = await t.factory.user('prosecutor', w.procuratorate.id);
    const other = await t.factory.case({
      courtId: w.court.id,
      procuratorateId: w.procuratorate.id,
      prosecutorId: otherProsecutor.id,
      defendants: [{ defendantId: second.id }],
    });
    const otherJudge = await t.factory.user('judge', w.court.id);
    const otherRoom = await t.factory.room(w.court.id, 'courtroom');
    const pre = await t.http.post(
      '/hearings',
      {
        caseId: other.id,
        kind: 'trial',
        startsAt: `${tuesday}T08:40`,
        durationMinutes: 60,
        courtroomId: otherRoom.id,
        judgeId: otherJudge.id,
      },
      { token: w.clerk.token },
    );
    expect(pre.status).toBe(201);
    const base =
      `/availability?caseId=${w.case.id}&kind=trial&durationMinutes=30&from=${tuesday}T08:00&to=${tuesday}T12:00&limit=1` +
      `&courtroomId=${w.courtroom.id}&judgeId=${w.judge.id}`;
    const both = await t.http.get(`${base}&defendantIds=${w.defendant.id},${second.id}`, { token: w.clerk.token });
    expect(both.body.slots[0].localStartsAt).toBe(`${tuesday}T09:40:00+08:00`);
    const one = await t.http.get(`${base}&defendantIds=${w.defendant.id}`, { token: w.clerk.token });
    expect(one.body.slots[0]).toMatchObject({
      localStartsAt: `${tuesday}T08:40:00+08:00`,
      videoRoomId: w.videoRooms[1].id,
    });
    const room1 = await t.http.get(`${base}&defendantIds=${w.defendant.id}&videoRoomId=${w.videoRooms[0].id}`, {
      token: w.clerk.token,
    });
    // Room 1 is held 08:30-09:50 by the other hearing: with its escort, a hearing there starts at 10:00.
    expect(room1.body.slots[0]).toMatchObject({
      localStartsAt: `${tuesday}T10:00:00+08:00`,
      videoRoomId: w.videoRooms[0].id,
    });
  });
});
