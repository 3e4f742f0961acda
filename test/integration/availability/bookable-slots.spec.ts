import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';
import { local, MONDAY, overlappingReservations, utc } from '../hearings/support';

/**
 * The promise of the slot finder: every slot it returns is one POST /hearings accepts as returned. The day has
 * the courtroom, a lawyer and both video rooms of the center partly taken; each returned slot is booked, checked
 * and cancelled again so the next one is booked on the same state the search saw.
 */
describe('Availability: every slot offered can be booked', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world({ videoRooms: 2 });
    const courtroom2 = await t.factory.room(w.court.id, 'courtroom');
    const judge2 = await t.factory.user('judge', w.court.id);
    const prosecutor2 = await t.factory.user('prosecutor', w.procuratorate.id);
    const caseWith = async (lawyerId: string | null, prosecutorId = prosecutor2.id) => {
      const d = await t.factory.defendant(w.center.id);
      return t.factory.case({
        courtId: w.court.id,
        procuratorateId: w.procuratorate.id,
        prosecutorId,
        defendants: [{ defendantId: d.id, defenseLawyerId: lawyerId }],
      });
    };
    const booking = async (body: Record<string, unknown>) => {
      const res = await t.http.post(
        '/hearings',
        { kind: 'trial', durationMinutes: 30, ...body },
        { token: w.clerk.token },
      );
      expect(res.status).toBe(201);
    };
    // The courtroom and judge of the search, 09:00-09:40, for another case of the same prosecutor (video room 2
    // held 08:50-09:50).
    await booking({
      caseId: (await caseWith(null, w.prosecutor.id)).id,
      startsAt: local(MONDAY, '09:00'),
      durationMinutes: 40,
      courtroomId: w.courtroom.id,
      judgeId: w.judge.id,
      videoRoomId: w.videoRooms[1].id,
    });
    // The case's lawyer elsewhere 10:30-11:00 (video room 1 held 10:20-11:10 with its escort buffer).
    await booking({
      caseId: (await caseWith(w.lawyer.id)).id,
      startsAt: local(MONDAY, '10:30'),
      courtroomId: courtroom2.id,
      judgeId: judge2.id,
      videoRoomId: w.videoRooms[0].id,
    });
    // Video room 2 held 11:00-11:50.
    await booking({
      caseId: (await caseWith(null)).id,
      startsAt: local(MONDAY, '11:10'),
      courtroomId: courtroom2.id,
      judgeId: judge2.id,
      videoRoomId: w.videoRooms[1].id,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const search = (extra = '') =>
    t.http.get(
      `/availability?caseId=${w.case.id}&kind=trial&durationMinutes=30&from=${encodeURIComponent(local(MONDAY, '08:00'))}` +
        `&to=${encodeURIComponent(local(MONDAY, '18:00'))}&limit=200&courtroomId=${w.courtroom.id}&judgeId=${w.judge.id}${extra}`,
      { token: w.clerk.token },
    );

  it('offers the earliest slots around every party, room and opening hour, on the 5-minute grid', async () => {
    const res = await search();
    expect(res.status).toBe(200);
    expect(res.body.timeZone).toBe('Asia/Shanghai');
    const r1 = w.videoRooms[0].id;
    const r2 = w.videoRooms[1].id;
    const morning = res.body.slots.filter((s: { localStartsAt: string }) => s.localStartsAt < `${MONDAY}T12:00`);
    expect(
      morning.map((s: { localStartsAt: string; videoRoomId: string }) => [
        s.localStartsAt.slice(11, 16),
        s.videoRoomId,
      ]),
    ).toEqual([
      ['09:40', r1], // the courtroom is free from 09:40; room 1 is free until its 10:20 reservation, buffer included
      ['10:00', r2], // room 2 is held until 09:50 and needs 10 minutes of escort; the lawyer is due elsewhere at 10:30
      ['11:20', r1], // room 1 is free again at 11:10 and needs 10 minutes of escort; the center closes at 12:00
    ]);
    expect(res.body.slots[0]).toEqual({
      startsAt: utc(MONDAY, '09:40'),
      endsAt: utc(MONDAY, '10:10'),
      localStartsAt: `${MONDAY}T09:40:00+08:00`,
      videoRoomId: r1,
    });
    const afternoon = res.body.slots.filter((s: { localStartsAt: string }) => s.localStartsAt >= `${MONDAY}T14:00`);
    // The center opens at 14:00 and must be open for the escort too; it closes at 17:30, escort included.
    expect(afternoon[0].localStartsAt).toBe(`${MONDAY}T14:10:00+08:00`);
    expect(afternoon[afternoon.length - 1].localStartsAt).toBe(`${MONDAY}T16:50:00+08:00`);
    expect(res.body.slots).toHaveLength(morning.length + afternoon.length);
  });

  it('books every returned slot as returned (201), one at a time on the searched state', async () => {
    const res = await search();
    expect(res.body.slots.length).toBeGreaterThan(30);
    for (const slot of res.body.slots) {
      const booked = await t.http.post(
        '/hearings',
        {
          caseId: w.case.id,
          kind: 'trial',
          startsAt: slot.startsAt,
          durationMinutes: 30,
          courtroomId: w.courtroom.id,
          judgeId: w.judge.id,
          videoRoomId: slot.videoRoomId,
        },
        { token: w.clerk.token },
      );
      expect({
        slot: slot.localStartsAt,
        status: booked.status,
        body: booked.status === 201 ? undefined : booked.body,
      }).toEqual({ slot: slot.localStartsAt, status: 201, body: undefined });
      expect(booked.body.startsAt).toBe(slot.startsAt);
      expect(booked.body.videoRoomId).toBe(slot.videoRoomId);
      const cancelled = await t.http.post(
        `/hearings/${booked.body.id}/cancel`,
        { reason: 'slot finder check' },
        { token: w.clerk.token },
      );
      expect(cancelled.status).toBe(200);
    }
    expect(await overlappingReservations(t)).toEqual([]);
  });

  it('books the same slots without naming the video room: the booking picks the room the search offered', async () => {
    const res = await search();
    for (const slot of res.body.slots.slice(0, 6)) {
      const booked = await t.http.post(
        '/hearings',
        {
          caseId: w.case.id,
          kind: 'trial',
          startsAt: slot.startsAt,
          durationMinutes: 30,
          courtroomId: w.courtroom.id,
          judgeId: w.judge.id,
        },
        { token: w.clerk.token },
      );
      expect(booked.status).toBe(201);
      expect(booked.body.videoRoomId).toBe(slot.videoRoomId);
      await t.http.post(
        `/hearings/${booked.body.id}/cancel`,
        { reason: 'slot finder check' },
        { token: w.clerk.token },
      );
    }
  });

  it('offers no earlier slot than one that can be booked: five minutes before the first one clashes', async () => {
    const res = await search();
    const first = res.body.slots[0];
    const earlier = new Date(new Date(first.startsAt).getTime() - 5 * 60_000).toISOString();
    const booked = await t.http.post(
      '/hearings',
      {
        caseId: w.case.id,
        kind: 'trial',
        startsAt: earlier,
        durationMinutes: 30,
        courtroomId: w.courtroom.id,
        judgeId: w.judge.id,
      },
      { token: w.clerk.token },
    );
    expect(booked.status).toBe(409);
  });

  it('fills the day one booking after another: after each booking the next search still offers only bookable slots', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await search();
      const slot = res.body.slots[0];
      const booked = await t.http.post(
        '/hearings',
        {
          caseId: w.case.id,
          kind: 'trial',
          startsAt: slot.startsAt,
          durationMinutes: 30,
          courtroomId: w.courtroom.id,
          judgeId: w.judge.id,
          videoRoomId: slot.videoRoomId,
        },
        { token: w.clerk.token },
      );
      expect(booked.status).toBe(201);
      const next = await search();
      expect(next.body.slots.some((s: { startsAt: string }) => s.startsAt === slot.startsAt)).toBe(false);
    }
    expect(await overlappingReservations(t)).toEqual([]);
  });
});
