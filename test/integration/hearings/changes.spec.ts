import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';
import { book, local, overlappingReservations, trialBody, utc, weekday } from './support';

describe('Changing and cancelling a hearing', () => {
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

  const patch = (id: string, body: Record<string, unknown>, version?: number | string, token = w.clerk.token) =>
    t.http.patch(`/hearings/${id}`, body, {
      token,
      headers: version === undefined ? {} : { 'if-match': typeof version === 'number' ? `"${version}"` : version },
    });

  it('moves a hearing onto a time that overlaps its old one: it never clashes with itself', async () => {
    const day = weekday(0);
    const a = await book(t, w.clerk.token, trialBody(w, local(day, '09:00')));
    const moved = await patch(a.body.id, { startsAt: local(day, '09:15'), durationMinutes: 45 }, 1);
    expect(moved.status).toBe(200);
    expect(moved.headers.get('etag')).toBe('"2"');
    expect(moved.body).toMatchObject({
      version: 2,
      startsAt: utc(day, '09:15'),
      endsAt: utc(day, '10:00'),
      videoRoomId: w.videoRooms[0].id,
    });
    const { rows } = await t.sql.query(
      `SELECT lower(during) AS lo FROM reservations WHERE hearing_id = $1 AND resource_type = 'judge'`,
      [a.body.id],
    );
    expect(rows[0].lo.toISOString()).toBe(new Date(utc(day, '09:15')).toISOString());
    const got = await t.http.get(`/hearings/${a.body.id}`, { token: w.clerk.token });
    expect(got.headers.get('etag')).toBe('"2"');
  });

  it('requires If-Match (428), refuses a stale version (412) and a malformed one (400)', async () => {
    const a = await book(t, w.clerk.token, trialBody(w, local(weekday(1), '09:00')));
    const missing = await patch(a.body.id, { durationMinutes: 20 });
    expect(missing.status).toBe(428);
    expect(missing.body.code).toBe('PRECONDITION_REQUIRED');
    const bad = await patch(a.body.id, { durationMinutes: 20 }, 'yesterday');
    expect(bad.status).toBe(400);
    expect(await patch(a.body.id, { durationMinutes: 20 }, 1)).toMatchObject({ status: 200 });
    const stale = await patch(a.body.id, { durationMinutes: 25 }, 1);
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'PRECONDITION_FAILED', currentVersion: 2 });
    expect(await patch(a.body.id, { durationMinutes: 25 }, 'W/"2"')).toMatchObject({
      status: 200,
      body: { version: 3 },
    });
  });

  it('accepts If-Match: * for whatever version is current (it was a 400)', async () => {
    const a = await book(t, w.clerk.token, trialBody(w, local(weekday(9), '09:00')));
    const res = await patch(a.body.id, { durationMinutes: 20 }, '*');
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(2);
    const again = await patch(a.body.id, { durationMinutes: 25 }, ' * ');
    expect(again.body.version).toBe(3);
    const cancelled = await t.http.post(
      `/hearings/${a.body.id}/cancel`,
      { reason: 'case withdrawn' },
      { token: w.clerk.token, headers: { 'if-match': '*' } },
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.version).toBe(4);
  });

  it('answers a change that changes nothing with the hearing as it is, and writes nothing', async () => {
    const day = weekday(10);
    const a = await book(t, w.clerk.token, trialBody(w, local(day, '09:00'), { notes: 'interpreter' }));
    const stored = async () =>
      (
        await t.sql.query(
          `SELECT h.version, h.updated_at, (SELECT count(*)::int FROM audit_log WHERE entity_id = h.id::text) AS audits
             FROM hearings h WHERE h.id = $1`,
          [a.body.id],
        )
      ).rows[0];
    const before = await stored();
    for (const body of [
      { durationMinutes: 30 },
      { startsAt: `${day}T09:00`, durationMinutes: 30 },
      { startsAt: utc(day, '09:00') },
      { judgeId: w.judge.id, courtroomId: w.courtroom.id, prosecutorId: w.prosecutor.id },
      { prosecutorId: null },
      { defendantIds: [w.defendant.id], defenseLawyerIds: [w.lawyer.id] },
      { defendantIds: [w.defendant.id] },
      { videoRoomId: w.videoRooms[0].id },
      { videoRoomId: null },
      { kind: 'trial', notes: 'interpreter' },
    ]) {
      const res = await patch(a.body.id, body, 1);
      expect({ body, status: res.status, etag: res.headers.get('etag') }).toEqual({ body, status: 200, etag: '"1"' });
      expect(res.body).toEqual(a.body);
    }
    expect(await stored()).toEqual(before);
    // A stale version is still refused.
    expect((await patch(a.body.id, { durationMinutes: 30 }, 7)).status).toBe(412);
  });

  it('answers and changes the notes', async () => {
    const a = await book(t, w.clerk.token, trialBody(w, local(weekday(11), '09:00'), { notes: 'interpreter' }));
    expect(a.body.notes).toBe('interpreter');
    const changed = await patch(a.body.id, { notes: 'interpreter (Uyghur)' }, 1);
    expect(changed.body).toMatchObject({ notes: 'interpreter (Uyghur)', version: 2 });
    const cleared = await patch(a.body.id, { notes: null }, 2);
    expect(cleared.body).toMatchObject({ notes: null, version: 3 });
    expect((await t.http.get(`/hearings/${a.body.id}`, { token: w.clerk.token })).body.notes).toBeNull();
  });

  it('refuses a move onto another hearing (409) and keeps the old booking', async () => {
    const day = weekday(2);
    const a = await book(t, w.clerk.token, trialBody(w, local(day, '09:00')));
    const b = await book(t, w.clerk.token, trialBody(w, local(day, '10:00')));
    const res = await patch(b.body.id, { startsAt: local(day, '09:20') }, 1);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('HEARING_CLASH');
    expect(res.body.conflicts.every((c: { hearingId: string }) => c.hearingId === a.body.id)).toBe(true);
    const got = await t.http.get(`/hearings/${b.body.id}`, { token: w.clerk.token });
    expect(got.body).toMatchObject({ version: 1, startsAt: utc(day, '10:00') });
    const { rows } = await t.sql.query(`SELECT count(*) FROM reservations WHERE hearing_id = $1`, [b.body.id]);
    expect(rows[0].count).toBe('6');
  });

  it('refuses a move outside opening hours (422) unless a clerk overrides', async () => {
    const day = weekday(3);
    const a = await book(t, w.clerk.token, trialBody(w, local(day, '09:00')));
    const lunch = await patch(a.body.id, { startsAt: local(day, '12:15') }, 1);
    expect(lunch.status).toBe(422);
    expect(lunch.body.code).toBe('OUTSIDE_HOURS');
    const overridden = await patch(
      a.body.id,
      { startsAt: local(day, '12:15'), override: { reason: 'judge asked' } },
      1,
    );
    expect(overridden.status).toBe(200);
    // Changing only the notes keeps the override.
    const notes = await patch(a.body.id, { notes: "moved at the judge's request" }, 2);
    expect(notes.status).toBe(200);
    const { rows } = await t.sql.query(`SELECT hours_override_reason, notes FROM hearings WHERE id = $1`, [a.body.id]);
    expect(rows[0]).toEqual({ hours_override_reason: 'judge asked', notes: "moved at the judge's request" });
  });

  it('validates changed parties like a booking', async () => {
    const a = await book(t, w.clerk.token, trialBody(w, local(weekday(4), '09:00')));
    const other = await t.factory.world();
    const res = await patch(a.body.id, { judgeId: other.judge.id, videoRoomId: other.videoRooms[0].id }, 1);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['judgeId', 'videoRoomId']);
    const empty = await patch(a.body.id, {}, 1);
    expect(empty.status).toBe(400);
    const nullStart = await patch(a.body.id, { startsAt: null }, 1);
    expect(nullStart.status).toBe(400);
  });

  it('turns a trial into a plea signing when judge and courtroom are cleared', async () => {
    const a = await book(t, w.clerk.token, trialBody(w, local(weekday(5), '09:00')));
    const res = await patch(a.body.id, { kind: 'plea_signing', judgeId: null, courtroomId: null }, 1);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'plea_signing', judgeId: null, courtroomId: null });
    const { rows } = await t.sql.query(`SELECT resource_type FROM reservations WHERE hearing_id = $1 ORDER BY 1`, [
      a.body.id,
    ]);
    expect(rows.map((r) => r.resource_type)).toEqual(['defendant', 'defense_lawyer', 'prosecutor', 'video_room']);
  });

  it('cancels with a reason, frees everything, and refuses to change or cancel it again', async () => {
    const day = weekday(6);
    const a = await book(t, w.clerk.token, trialBody(w, local(day, '09:00')));
    const noReason = await t.http.post(`/hearings/${a.body.id}/cancel`, {}, { token: w.clerk.token });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
    const stale = await t.http.post(
      `/hearings/${a.body.id}/cancel`,
      { reason: 'x' },
      { token: w.clerk.token, headers: { 'if-match': '"7"' } },
    );
    expect(stale.status).toBe(412);
    const judgeTry = await t.http.post(`/hearings/${a.body.id}/cancel`, { reason: 'x' }, { token: w.judge.token });
    expect(judgeTry.status).toBe(403);
    const cancelled = await t.http.post(
      `/hearings/${a.body.id}/cancel`,
      { reason: 'case withdrawn' },
      { token: w.clerk.token },
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', version: 2 });
    expect(cancelled.headers.get('etag')).toBe('"2"');
    const { rows } = await t.sql.query(`SELECT count(*) FROM reservations WHERE hearing_id = $1`, [a.body.id]);
    expect(rows[0].count).toBe('0');
    const twice = await t.http.post(`/hearings/${a.body.id}/cancel`, { reason: 'again' }, { token: w.clerk.token });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('HEARING_CANCELLED');
    const change = await patch(a.body.id, { durationMinutes: 20 }, 2);
    expect(change.status).toBe(409);
    expect(change.body.code).toBe('HEARING_CANCELLED');
  });

  it('answers 404 to someone who may not see the hearing, and 403 to one who sees but may not change it', async () => {
    const a = await book(t, w.clerk.token, trialBody(w, local(weekday(7), '09:00')));
    const stranger = await t.factory.user('clerk', (await t.factory.organization('court')).id);
    expect((await patch(a.body.id, { durationMinutes: 20 }, 1, stranger.token)).status).toBe(404);
    expect(
      (await t.http.post(`/hearings/${a.body.id}/cancel`, { reason: 'x' }, { token: stranger.token })).status,
    ).toBe(404);
    expect((await patch(a.body.id, { durationMinutes: 20 }, 1, w.prosecutor.token)).status).toBe(403);
    expect((await patch(a.body.id, { durationMinutes: 20 }, 1, w.judge.token)).status).toBe(403);
    expect((await patch('00000000-0000-4000-8000-000000000000', { durationMinutes: 20 }, 1)).status).toBe(404);
  });

  it('changing the defendants lets their lawyers and video room default again', async () => {
    const d2 = await t.factory.defendant(w.center.id);
    const lawyer2 = await t.factory.user('lawyer', w.lawFirm.id);
    await t.sql.query(`INSERT INTO case_defendants (case_id, defendant_id, defense_lawyer_id) VALUES ($1, $2, $3)`, [
      w.case.id,
      d2.id,
      lawyer2.id,
    ]);
    try {
      const a = await book(
        t,
        w.clerk.token,
        trialBody(w, local(weekday(8), '09:00'), { defendantIds: [w.defendant.id] }),
      );
      expect(a.body.defenseLawyerIds).toEqual([w.lawyer.id]);
      const res = await patch(a.body.id, { defendantIds: [d2.id] }, 1);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        defendantIds: [d2.id],
        defenseLawyerIds: [lawyer2.id],
        videoRoomId: w.videoRooms[0].id,
      });
    } finally {
      await t.sql.query(`DELETE FROM reservations WHERE resource_id = $1`, [d2.id]);
      await t.sql.query(`DELETE FROM hearing_defendants WHERE defendant_id = $1`, [d2.id]);
      await t.sql.query(`DELETE FROM case_defendants WHERE defendant_id = $1`, [d2.id]);
    }
  });
});
