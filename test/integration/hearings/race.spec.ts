import { createTestApp, TestApp } from '../../support/test-app';
import { local, overlappingReservations, weekday } from './support';

describe('Racing bookings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets exactly one of 50 concurrent overlapping bookings of one courtroom win; the others get 409', async () => {
    const court = await t.factory.organization('court');
    const procuratorate = await t.factory.organization('procuratorate');
    const center = await t.factory.organization('detention_center');
    const courtroom = await t.factory.room(court.id, 'courtroom');
    const clerk = await t.factory.user('clerk', court.id);
    // 50 cases that share nothing but the courtroom: their own judge, prosecutor and (released) defendant.
    const bodies = [];
    for (let i = 0; i < 50; i++) {
      const judge = await t.factory.user('judge', court.id);
      const prosecutor = await t.factory.user('prosecutor', procuratorate.id);
      const defendant = await t.factory.defendant(center.id, { custodyStatus: 'released' });
      const kase = await t.factory.case({
        courtId: court.id,
        procuratorateId: procuratorate.id,
        prosecutorId: prosecutor.id,
        defendants: [{ defendantId: defendant.id }],
      });
      // Starts from 09:00 to 09:49, 60 minutes each: every pair overlaps.
      bodies.push({
        caseId: kase.id,
        kind: 'speedy_trial',
        startsAt: local(weekday(0), `09:${String(i).padStart(2, '0')}`),
        durationMinutes: 60,
        courtroomId: courtroom.id,
        judgeId: judge.id,
      });
    }
    const answers = await Promise.all(bodies.map((b) => t.http.post('/hearings', b, { token: clerk.token })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const winner = answers.find((a) => a.status === 201)!.body;
    for (const loser of answers.filter((a) => a.status === 409)) {
      expect(loser.body.code).toBe('HEARING_CLASH');
      expect(loser.body.conflicts).toEqual([
        expect.objectContaining({ resourceType: 'courtroom', resourceId: courtroom.id, hearingId: winner.id }),
      ]);
    }
    expect(await overlappingReservations(t)).toEqual([]);
    const { rows } = await t.sql.query(
      `SELECT count(*) FROM hearings h JOIN cases c ON c.id = h.case_id WHERE c.court_id = $1`,
      [court.id],
    );
    expect(rows[0].count).toBe('1');
  });

  it('never answers 500 when bookings of many shared people race and deadlock', async () => {
    const w = await t.factory.world({ videoRooms: 3 });
    // Every request wants the same people in a different order of arrival, at overlapping times.
    const bodies = Array.from({ length: 30 }, (_, i) => ({
      caseId: w.case.id,
      kind: 'trial',
      startsAt: local(weekday(1), `09:${String(i).padStart(2, '0')}`),
      durationMinutes: 40,
      courtroomId: w.courtroom.id,
      judgeId: w.judge.id,
    }));
    const answers = await Promise.all(bodies.map((b) => t.http.post('/hearings', b, { token: w.clerk.token })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(29);
    expect(await overlappingReservations(t)).toEqual([]);
  });
  it('gives two racing bookings that both want "any free video room" one room each', async () => {
    const court = await t.factory.organization('court');
    const procuratorate = await t.factory.organization('procuratorate');
    const center = await t.factory.organization('detention_center');
    const rooms = [
      await t.factory.room(center.id, 'video_room', 'A'),
      await t.factory.room(center.id, 'video_room', 'B'),
    ];
    const clerk = await t.factory.user('clerk', court.id);
    const parties = [];
    for (let i = 0; i < 2; i++) {
      const prosecutor = await t.factory.user('prosecutor', procuratorate.id);
      const defendant = await t.factory.defendant(center.id);
      const kase = await t.factory.case({
        courtId: court.id,
        procuratorateId: procuratorate.id,
        prosecutorId: prosecutor.id,
        defendants: [{ defendantId: defendant.id }],
      });
      parties.push({
        caseId: kase.id,
        courtroomId: (await t.factory.room(court.id, 'courtroom')).id,
        judgeId: (await t.factory.user('judge', court.id)).id,
      });
    }
    for (let round = 0; round < 6; round++) {
      const startsAt = local(weekday(2 + round), '10:00');
      const answers = await Promise.all(
        parties.map((p) =>
          t.http.post(
            '/hearings',
            { ...p, kind: 'arraignment', startsAt, durationMinutes: 30 },
            { token: clerk.token },
          ),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual([201, 201]);
      expect(answers.map((a) => a.body.videoRoomId).sort()).toEqual(rooms.map((r) => r.id).sort());
    }
    expect(await overlappingReservations(t)).toEqual([]);
  });
});
