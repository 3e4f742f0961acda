import { createTestApp, TestApp } from '../../support/test-app';
import { local, overlappingReservations, utc } from '../hearings/support';
import { countRows, DAY, localRange, sittingBody, sittingWorld } from './support';

describe('Booking a concentrated sitting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('hears four cases of one center back to back, alternating its two rooms to hide the escort, in one booking', async () => {
    const { w, rooms, cases } = await sittingWorld(t, { casesPerCenter: [4] });
    const res = await t.http.post(
      '/sittings',
      sittingBody(
        w,
        cases.map((c) => ({ caseId: c.case.id, durationMinutes: 20 })),
      ),
      { token: w.clerk.token },
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      status: 'scheduled',
      kind: 'speedy_trial',
      timeZone: 'Asia/Shanghai',
      courtId: w.court.id,
      courtroomId: w.courtroom.id,
      judgeId: w.judge.id,
      prosecutorId: w.prosecutor.id,
      windowStartsAt: utc(DAY, '08:30'),
      windowEndsAt: utc(DAY, '12:00'),
      // The center opens at 08:30 and needs 10 minutes to bring the first defendant.
      localStartsAt: local(DAY, '08:40'),
      localEndsAt: local(DAY, '10:00'),
      spanMinutes: 80,
      lowerBoundMinutes: 80,
      gapMinutes: 0,
      unscheduled: [],
    });
    expect(res.body.hearings.map(localRange)).toEqual(['08:40-09:00', '09:00-09:20', '09:20-09:40', '09:40-10:00']);
    expect(res.body.hearings.map((h: { videoRoomId: string }) => h.videoRoomId)).toEqual([
      rooms[0][0].id,
      rooms[0][1].id,
      rooms[0][0].id,
      rooms[0][1].id,
    ]);
    for (const h of res.body.hearings) {
      expect(h).toMatchObject({
        kind: 'speedy_trial',
        status: 'scheduled',
        judgeId: w.judge.id,
        courtroomId: w.courtroom.id,
        prosecutorId: w.prosecutor.id,
      });
    }
    const byCase = new Map(cases.map((c) => [c.case.id, c]));
    for (const h of res.body.hearings) {
      const c = byCase.get(h.caseId)!;
      expect(h.defendantIds).toEqual([c.defendantId]);
      expect(h.defenseLawyerIds).toEqual([c.lawyer.id]);
    }

    const { rows } = await t.sql.query(`SELECT sitting_id FROM hearings WHERE id = ANY($1::uuid[])`, [
      res.body.hearings.map((h: { id: string }) => h.id),
    ]);
    expect(rows.map((r) => r.sitting_id)).toEqual([res.body.id, res.body.id, res.body.id, res.body.id]);
    const audit = await t.sql.query(
      `SELECT entity_type, action, actor_id FROM audit_log WHERE entity_type IN ('sitting', 'hearing') ORDER BY id`,
    );
    expect(audit.rows.filter((r) => r.entity_type === 'hearing')).toHaveLength(4);
    expect(audit.rows.filter((r) => r.entity_type === 'sitting')).toEqual([
      { entity_type: 'sitting', action: 'create', actor_id: w.clerk.id },
    ]);
    expect(await overlappingReservations(t)).toEqual([]);

    const again = await t.http.get(`/sittings/${res.body.id}`, { token: w.judge.token });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);
  });

  it('alternates two centers with one room each, with the gap asked for, as a sentencing sitting', async () => {
    const { w, rooms, cases } = await sittingWorld(t, { casesPerCenter: [2, 2], roomsPerCenter: 1 });
    const res = await t.http.post(
      '/sittings',
      sittingBody(
        w,
        cases.map((c) => ({ caseId: c.case.id, durationMinutes: 15 })),
        {
          gapMinutes: 5,
          kind: 'sentencing',
          startsAt: `${DAY}T14:30`,
          endsAt: `${DAY}T17:30`,
        },
      ),
      { token: w.clerk.token },
    );
    expect(res.status).toBe(201);
    expect(res.body.hearings.map(localRange)).toEqual(['14:30-14:45', '14:50-15:05', '15:10-15:25', '15:30-15:45']);
    expect(res.body.hearings.map((h: { videoRoomId: string }) => h.videoRoomId)).toEqual([
      rooms[0][0].id,
      rooms[1][0].id,
      rooms[0][0].id,
      rooms[1][0].id,
    ]);
    expect(res.body.hearings.every((h: { kind: string }) => h.kind === 'sentencing')).toBe(true);
    expect(res.body).toMatchObject({ kind: 'sentencing', gapMinutes: 5, spanMinutes: 75, lowerBoundMinutes: 75 });
  });

  it("plans around the parties' other hearings and lists, with its reason, the case that does not fit", async () => {
    const { w, cases } = await sittingWorld(t, { casesPerCenter: [4] });
    // The first case's lawyer defends someone in another court's hearing all morning.
    const elsewhere = await t.factory.world();
    await t.sql.query(`UPDATE case_defendants SET defense_lawyer_id = $1 WHERE case_id = $2`, [
      cases[0].lawyer.id,
      elsewhere.case.id,
    ]);
    const busy = await t.http.post(
      '/hearings',
      {
        caseId: elsewhere.case.id,
        kind: 'trial',
        startsAt: `${DAY}T08:30`,
        durationMinutes: 210,
        courtroomId: elsewhere.courtroom.id,
        judgeId: elsewhere.judge.id,
        override: { reason: 'long trial' },
      },
      { token: elsewhere.clerk.token },
    );
    expect(busy.status).toBe(201);
    // The second case's defendant is in a hearing 08:40-09:20: their case goes later.
    const prosecutor2 = await t.factory.user('prosecutor', elsewhere.procuratorate.id);
    const second = await t.factory.case({
      courtId: elsewhere.court.id,
      procuratorateId: elsewhere.procuratorate.id,
      prosecutorId: prosecutor2.id,
      defendants: [{ defendantId: cases[1].defendantId }],
    });
    const judge2 = await t.factory.user('judge', elsewhere.court.id);
    const room2 = await t.factory.room(elsewhere.court.id, 'courtroom');
    const meanwhile = await t.http.post(
      '/hearings',
      {
        caseId: second.id,
        kind: 'trial',
        startsAt: `${DAY}T08:40`,
        durationMinutes: 40,
        courtroomId: room2.id,
        judgeId: judge2.id,
        videoRoomId: w.videoRooms[0].id,
      },
      { token: elsewhere.clerk.token },
    );
    expect(meanwhile.status).toBe(201);

    // Video room 1 is held 08:30-09:30 by that hearing, so room 2 serves until room 1 is back at 09:40.
    const body = sittingBody(
      w,
      cases.map((c) => ({ caseId: c.case.id, durationMinutes: 20 })),
      { endsAt: `${DAY}T10:00` },
    );
    const res = await t.http.post('/sittings', body, { token: w.clerk.token });
    expect(res.status).toBe(201);
    const heard = res.body.hearings.map((h: { caseId: string }) => h.caseId);
    expect(heard).not.toContain(cases[0].case.id);
    expect(res.body.hearings.map((h: { videoRoomId: string }) => [localRange(h as never), h.videoRoomId])).toEqual([
      ['08:40-09:00', w.videoRooms[1].id],
      ['09:20-09:40', w.videoRooms[1].id],
      ['09:40-10:00', w.videoRooms[0].id],
    ]);
    // The defendant busy until 09:20 is not heard first.
    expect(res.body.hearings[0].caseId).toBe(cases[2].case.id);
    expect(res.body.unscheduled).toEqual([
      {
        caseId: cases[0].case.id,
        code: 'PARTY_BUSY',
        reason: expect.stringContaining(`defense_lawyer ${cases[0].lawyer.id}`),
      },
    ]);
    expect(heard).toHaveLength(3);
    expect((await t.http.get(`/sittings/${res.body.id}`, { token: w.clerk.token })).body.unscheduled).toEqual(
      res.body.unscheduled,
    );
    expect(await overlappingReservations(t)).toEqual([]);
  });

  it('answers the plan of a dry run with 200 and writes nothing', async () => {
    const { w, cases } = await sittingWorld(t, { casesPerCenter: [3] });
    const before = await countRows(t);
    const res = await t.http.post(
      '/sittings',
      sittingBody(
        w,
        cases.map((c) => ({ caseId: c.case.id, durationMinutes: 20 })),
        { dryRun: true },
      ),
      { token: w.clerk.token },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: true,
      spanMinutes: 60,
      lowerBoundMinutes: 60,
      localStartsAt: local(DAY, '08:40'),
      unscheduled: [],
    });
    expect(res.body.id).toBeUndefined();
    expect(res.body.hearings[0]).toEqual({
      caseId: expect.any(String),
      kind: 'speedy_trial',
      startsAt: utc(DAY, '08:40'),
      endsAt: utc(DAY, '09:00'),
      localStartsAt: local(DAY, '08:40'),
      localEndsAt: local(DAY, '09:00'),
      courtroomId: w.courtroom.id,
      judgeId: w.judge.id,
      prosecutorId: w.prosecutor.id,
      videoRoomId: w.videoRooms[0].id,
      defendantIds: [expect.any(String)],
      defenseLawyerIds: [expect.any(String)],
    });
    expect(await countRows(t)).toEqual(before);
    // The plan is the one a real booking then makes.
    const real = await t.http.post(
      '/sittings',
      sittingBody(
        w,
        cases.map((c) => ({ caseId: c.case.id, durationMinutes: 20 })),
      ),
      { token: w.clerk.token },
    );
    expect(real.status).toBe(201);
    expect(
      real.body.hearings.map((h: { caseId: string; startsAt: string; videoRoomId: string }) => [
        h.caseId,
        h.startsAt,
        h.videoRoomId,
      ]),
    ).toEqual(
      res.body.hearings.map((h: { caseId: string; startsAt: string; videoRoomId: string }) => [
        h.caseId,
        h.startsAt,
        h.videoRoomId,
      ]),
    );
  });

  it('lists a case whose detention center has no video room as NO_VIDEO_ROOM and plans the others', async () => {
    const { w, cases } = await sittingWorld(t, { casesPerCenter: [2] });
    const roomless = await t.factory.organization('detention_center');
    const defendant = await t.factory.defendant(roomless.id);
    const stranded = await t.factory.case({
      courtId: w.court.id,
      procuratorateId: w.procuratorate.id,
      prosecutorId: w.prosecutor.id,
      defendants: [{ defendantId: defendant.id }],
    });
    const res = await t.http.post(
      '/sittings',
      sittingBody(
        w,
        [...cases.map((c) => c.case.id), stranded.id].map((caseId) => ({ caseId, durationMinutes: 20 })),
        { dryRun: true },
      ),
      { token: w.clerk.token },
    );
    expect(res.status).toBe(200);
    expect(res.body.hearings.map((h: { caseId: string }) => h.caseId).sort()).toEqual(
      cases.map((c) => c.case.id).sort(),
    );
    expect(res.body.unscheduled).toEqual([{ caseId: stranded.id, code: 'NO_VIDEO_ROOM', reason: expect.any(String) }]);
  });

  it('books nothing and says why when no case fits the window (422)', async () => {
    const { w, cases } = await sittingWorld(t, { casesPerCenter: [2] });
    const before = await countRows(t);
    const res = await t.http.post(
      '/sittings',
      sittingBody(
        w,
        cases.map((c) => ({ caseId: c.case.id, durationMinutes: 60 })),
        {
          startsAt: `${DAY}T12:00`,
          endsAt: `${DAY}T14:00`,
        },
      ),
      { token: w.clerk.token },
    );
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('SITTING_EMPTY');
    expect(res.body.unscheduled.map((u: { code: string }) => u.code)).toEqual(['OUTSIDE_HOURS', 'OUTSIDE_HOURS']);
    expect(await countRows(t)).toEqual(before);
  });
});
