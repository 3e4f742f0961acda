import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';
import { book, local, overlappingReservations, trialBody, utc, weekday } from './support';

describe('No double-booking', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
  });
  afterAll(async () => {
    expect(await overlappingReservations(t)).toEqual([]);
    await t?.close();
  });

  it("names every clashing person and room, with the clashing hearing's id and times", async () => {
    const day = weekday(0);
    const first = await book(t, w.clerk.token, trialBody(w, local(day, '09:00')));
    expect(first.status).toBe(201);
    const second = await book(t, w.clerk.token, trialBody(w, local(day, '09:15'), { videoRoomId: w.videoRooms[0].id }));
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(second.body.code).toBe('HEARING_CLASH');
    const at = { hearingId: first.body.id, startsAt: utc(day, '09:00'), endsAt: utc(day, '09:30') };
    expect(second.body.conflicts).toHaveLength(6);
    expect(second.body.conflicts).toEqual(
      expect.arrayContaining([
        { resourceType: 'courtroom', resourceId: w.courtroom.id, ...at },
        { resourceType: 'judge', resourceId: w.judge.id, ...at },
        { resourceType: 'prosecutor', resourceId: w.prosecutor.id, ...at },
        { resourceType: 'defense_lawyer', resourceId: w.lawyer.id, ...at },
        { resourceType: 'defendant', resourceId: w.defendant.id, ...at },
        { resourceType: 'video_room', resourceId: w.videoRooms[0].id, ...at },
      ]),
    );
    const { rows } = await t.sql.query(`SELECT count(*) FROM hearings WHERE starts_at = $1`, [utc(day, '09:15')]);
    expect(rows[0].count).toBe('0');
  });

  it('lets hearings run back to back: [09:00, 09:30) and [09:30, 10:00) do not clash', async () => {
    const day = weekday(1);
    const a = await book(t, w.clerk.token, trialBody(w, local(day, '09:00'), { videoRoomId: w.videoRooms[0].id }));
    const b = await book(t, w.clerk.token, trialBody(w, local(day, '09:30'), { videoRoomId: w.videoRooms[1].id }));
    expect([a.status, b.status]).toEqual([201, 201]);
  });

  it('holds the video room during the escort buffer but not the people', async () => {
    const day = weekday(2);
    const a = await book(t, w.clerk.token, trialBody(w, local(day, '09:00'), { videoRoomId: w.videoRooms[0].id }));
    expect(a.status).toBe(201);
    // Same room 5 minutes after the end: inside the buffers.
    const inBuffer = await book(
      t,
      w.clerk.token,
      trialBody(w, local(day, '09:35'), { videoRoomId: w.videoRooms[0].id }),
    );
    expect(inBuffer.status).toBe(409);
    expect(inBuffer.body.conflicts).toEqual([
      {
        resourceType: 'video_room',
        resourceId: w.videoRooms[0].id,
        hearingId: a.body.id,
        startsAt: utc(day, '09:00'),
        endsAt: utc(day, '09:30'),
      },
    ]);
    // Another room at the same time: every person is free.
    const otherRoom = await book(
      t,
      w.clerk.token,
      trialBody(w, local(day, '09:35'), { videoRoomId: w.videoRooms[1].id }),
    );
    expect(otherRoom.status).toBe(201);
  });

  it("uses each center's own buffer setting", async () => {
    await t.sql.query(`UPDATE organizations SET escort_buffer_minutes = 0 WHERE id = $1`, [w.center.id]);
    try {
      const day = weekday(3);
      const a = await book(t, w.clerk.token, trialBody(w, local(day, '09:00'), { videoRoomId: w.videoRooms[0].id }));
      const b = await book(t, w.clerk.token, trialBody(w, local(day, '09:30'), { videoRoomId: w.videoRooms[0].id }));
      expect([a.status, b.status]).toEqual([201, 201]);
    } finally {
      await t.sql.query(`UPDATE organizations SET escort_buffer_minutes = 10 WHERE id = $1`, [w.center.id]);
    }
  });

  it('frees every person and room of a cancelled hearing', async () => {
    const day = weekday(4);
    const a = await book(t, w.clerk.token, trialBody(w, local(day, '09:00')));
    const cancel = await t.http.post(
      `/hearings/${a.body.id}/cancel`,
      { reason: 'defendant ill' },
      { token: w.clerk.token },
    );
    expect(cancel.status).toBe(200);
    const { rows } = await t.sql.query(`SELECT count(*) FROM reservations WHERE hearing_id = $1`, [a.body.id]);
    expect(rows[0].count).toBe('0');
    const again = await book(t, w.clerk.token, trialBody(w, local(day, '09:00')));
    expect(again.status).toBe(201);
    expect(again.body.videoRoomId).toBe(w.videoRooms[0].id);
  });

  it('reports a clash with a lawyer who defends in two cases', async () => {
    const day = weekday(5);
    const d2 = await t.factory.defendant(w.center.id);
    const case2 = await t.factory.case({
      courtId: w.court.id,
      procuratorateId: w.procuratorate.id,
      prosecutorId: (await t.factory.user('prosecutor', w.procuratorate.id)).id,
      defendants: [{ defendantId: d2.id, defenseLawyerId: w.lawyer.id }],
    });
    const a = await book(t, w.clerk.token, trialBody(w, local(day, '09:00')));
    const courtroom2 = await t.factory.room(w.court.id, 'courtroom');
    const judge2 = await t.factory.user('judge', w.court.id);
    const b = await book(t, w.clerk.token, {
      caseId: case2.id,
      kind: 'arraignment',
      startsAt: local(day, '09:20'),
      durationMinutes: 30,
      courtroomId: courtroom2.id,
      judgeId: judge2.id,
    });
    expect(b.status).toBe(409);
    expect(b.body.conflicts).toEqual([
      {
        resourceType: 'defense_lawyer',
        resourceId: w.lawyer.id,
        hearingId: a.body.id,
        startsAt: utc(day, '09:00'),
        endsAt: utc(day, '09:30'),
      },
    ]);
  });
});
