import { createTestApp, TestApp } from '../../support/test-app';
import type { World } from '../../support/factories';
import { book, local, trialBody, weekday } from './support';

describe('Custody changes and booked hearings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('flags a future hearing when its defendant is released, with the reason, and bumps its version', async () => {
    const w = await t.factory.world();
    const h = await book(t, w.clerk.token, trialBody(w, local(weekday(0), '09:00')));
    expect(h.body.needsAttention).toBe(false);
    await t.sql.query(`UPDATE defendants SET custody_status = 'released' WHERE id = $1`, [w.defendant.id]);
    const got = await t.http.get(`/hearings/${h.body.id}`, { token: w.clerk.token });
    expect(got.body).toMatchObject({
      needsAttention: true,
      attentionReasons: [{ code: 'DEFENDANT_RELEASED', defendantId: w.defendant.id, at: expect.any(String) }],
      version: 2,
    });
    expect(got.headers.get('etag')).toBe('"2"');
    // The clerk's stale version no longer fits.
    const stale = await t.http.patch(
      `/hearings/${h.body.id}`,
      { durationMinutes: 20 },
      { token: w.clerk.token, headers: { 'if-match': '"1"' } },
    );
    expect(stale.status).toBe(412);
  });

  describe('resolving a flagged hearing', () => {
    const patch = (w: World, id: string, body: Record<string, unknown>, version: number) =>
      t.http.patch(`/hearings/${id}`, body, { token: w.clerk.token, headers: { 'if-match': `"${version}"` } });
    const history = async (w: World, id: string) =>
      (await t.http.get(`/hearings/${id}/history`, { token: w.clerk.token })).body as {
        action: string;
        before: Record<string, unknown>;
        after: Record<string, unknown>;
      }[];

    async function transferred(day: string) {
      const w = await t.factory.world();
      const center = await t.factory.organization('detention_center');
      const room = await t.factory.room(center.id, 'video_room', 'Room A');
      const h = await book(t, w.clerk.token, trialBody(w, local(day, '09:00')));
      expect(h.status).toBe(201);
      const moved = await t.http.patch(
        `/defendants/${w.defendant.id}`,
        { detentionCenterId: center.id },
        { token: w.clerk.token },
      );
      expect(moved.status).toBe(200);
      return { w, id: h.body.id as string, newRoomId: room.id };
    }

    it('takes notes on a hearing flagged by a transfer, without checking its booking again (it was a 400)', async () => {
      const { w, id } = await transferred(weekday(1));
      const res = await patch(w, id, { notes: 'ask the new center for a room' }, 2);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"3"');
      expect(res.body).toMatchObject({
        notes: 'ask the new center for a room',
        version: 3,
        videoRoomId: w.videoRooms[0].id,
        needsAttention: true,
        attentionReasons: [expect.objectContaining({ code: 'DEFENDANT_TRANSFERRED' })],
      });
      const last = (await history(w, id)).at(-1)!;
      expect(last).toMatchObject({
        action: 'update',
        before: { hasNotes: false, version: 2, needsAttention: true },
        after: { hasNotes: true, version: 3, needsAttention: true },
      });
    });

    it('clears the flag when the hearing is re-booked in the new center, and the audit row shows it', async () => {
      const { w, id, newRoomId } = await transferred(weekday(2));
      // A move that keeps the old center's room is checked against the custody now: refused, nothing written.
      const keepRoom = await patch(w, id, { durationMinutes: 25 }, 2);
      expect(keepRoom.status).toBe(400);
      expect(keepRoom.body.errors).toEqual([
        { field: 'videoRoomId', message: "is not a video room of the defendant's detention center" },
      ]);
      const res = await patch(w, id, { videoRoomId: null }, 2);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        videoRoomId: newRoomId,
        needsAttention: false,
        attentionReasons: [],
        version: 3,
      });
      expect((await t.http.get(`/hearings/${id}`, { token: w.clerk.token })).body).toMatchObject({
        needsAttention: false,
        attentionReasons: [],
      });
      const last = (await history(w, id)).at(-1)!;
      expect(last).toMatchObject({
        action: 'update',
        before: { needsAttention: true, attentionReasons: [expect.objectContaining({ defendantId: w.defendant.id })] },
        after: { needsAttention: false, attentionReasons: [], videoRoomId: newRoomId, version: 3 },
      });
    });

    it('clears the flag of a release when the video room is given up', async () => {
      const w = await t.factory.world();
      const h = await book(t, w.clerk.token, trialBody(w, local(weekday(3), '09:00')));
      await t.http.patch(`/defendants/${w.defendant.id}`, { custodyStatus: 'released' }, { token: w.clerk.token });
      const res = await patch(w, h.body.id, { videoRoomId: null }, 2);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ videoRoomId: null, needsAttention: false, attentionReasons: [], version: 3 });
      const { rows } = await t.sql.query(`SELECT resource_type FROM reservations WHERE hearing_id = $1`, [h.body.id]);
      expect(rows.map((r) => r.resource_type)).not.toContain('video_room');
    });

    it('clears the flags of a release and a new detention when the same room is confirmed', async () => {
      const w = await t.factory.world();
      const h = await book(t, w.clerk.token, trialBody(w, local(weekday(4), '09:00')));
      for (const custodyStatus of ['released', 'detained'])
        await t.http.patch(`/defendants/${w.defendant.id}`, { custodyStatus }, { token: w.clerk.token });
      const flagged = await t.http.get(`/hearings/${h.body.id}`, { token: w.clerk.token });
      expect(flagged.body.attentionReasons.map((r: { code: string }) => r.code)).toEqual([
        'DEFENDANT_RELEASED',
        'DEFENDANT_DETAINED',
      ]);
      // Choosing the room again picks the one it has: the booking is the same, but now checked, so the flag goes.
      const res = await patch(w, h.body.id, { videoRoomId: null }, 3);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ videoRoomId: w.videoRooms[0].id, needsAttention: false, version: 4 });
    });
  });
});
