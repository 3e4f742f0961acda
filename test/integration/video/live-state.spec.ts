import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';
import { hearingNearNow, verify } from './support';

describe("a hearing's live state, run by the judge", () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
  });
  afterAll(async () => {
    await t?.close();
  });

  const live = (id: string, action: string, token: string) =>
    t.http.post(`/hearings/${id}/live`, { action }, { token });
  const tokenFor = (id: string, token: string) => t.http.post(`/hearings/${id}/video-token`, undefined, { token });

  it('admits the participants at the start, sends them back to wait in a pause, and ends at the close', async () => {
    const id = await hearingNearNow(t, w, { startsInMinutes: 5 });
    const waiting = await tokenFor(id, w.lawyer.token);
    expect(waiting.body.waiting).toBe(true);

    const started = await live(id, 'start', w.judge.token);
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({
      state: 'in_session',
      closedAt: null,
      allowedActions: ['pause', 'suspend', 'close'],
    });
    expect(Date.parse(started.body.startedAt)).toBeGreaterThan(Date.now() - 60_000);
    const admitted = await tokenFor(id, w.lawyer.token);
    expect([admitted.body.liveState, admitted.body.waiting]).toEqual(['in_session', false]);
    expect((await verify(admitted.body.token)).video).toMatchObject({
      canPublish: true,
      canPublishSources: ['camera', 'microphone'],
      canSubscribe: true,
      roomAdmin: false,
    });

    expect((await live(id, 'pause', w.clerk.token)).body.state).toBe('paused');
    expect((await tokenFor(id, w.lawyer.token)).body.waiting).toBe(true);
    expect((await tokenFor(id, w.judge.token)).body.waiting).toBe(false);
    expect((await live(id, 'resume', w.judge.token)).body.state).toBe('in_session');
    expect((await live(id, 'suspend', w.judge.token)).body.state).toBe('suspended');
    expect((await tokenFor(id, w.officer.token)).body.waiting).toBe(false);
    expect((await live(id, 'resume', w.judge.token)).body.state).toBe('in_session');
    const closed = await live(id, 'close', w.judge.token);
    expect(closed.body).toMatchObject({ state: 'closed', allowedActions: [] });
    expect(Date.parse(closed.body.closedAt)).toBeGreaterThanOrEqual(Date.parse(started.body.startedAt));
    expect(
      closed.body.changes.map((c: { action: string; from: string; to: string; actorId: string }) => [
        c.action,
        c.from,
        c.to,
        c.actorId,
      ]),
    ).toEqual([
      ['start', 'not_started', 'in_session', w.judge.id],
      ['pause', 'in_session', 'paused', w.clerk.id],
      ['resume', 'paused', 'in_session', w.judge.id],
      ['suspend', 'in_session', 'suspended', w.judge.id],
      ['resume', 'suspended', 'in_session', w.judge.id],
      ['close', 'in_session', 'closed', w.judge.id],
    ]);

    const after = await tokenFor(id, w.lawyer.token);
    expect([after.status, after.body.code, after.body.reason]).toEqual([403, 'JOIN_WINDOW_CLOSED', 'closed']);
    const video = await t.http.get(`/hearings/${id}/video`, { token: w.lawyer.token });
    expect(video.body).toMatchObject({
      hearingId: id,
      videoRoom: { status: 'pending', lastError: null },
      live: { state: 'closed' },
    });
    expect(video.body.joinClosesAt).toBe(closed.body.closedAt);
    const { rows } = await t.sql.query(
      `SELECT action, before, after FROM audit_log WHERE entity_id = $1 AND action LIKE 'live_%' ORDER BY id`,
      [id],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'live_start',
      'live_pause',
      'live_resume',
      'live_suspend',
      'live_resume',
      'live_close',
    ]);
  });

  it('refuses a step that does not follow, naming the state', async () => {
    const id = await hearingNearNow(t, w, { startsInMinutes: 5 });
    const early = await live(id, 'pause', w.judge.token);
    expect([early.status, early.body.code, early.body.state, early.body.action, early.body.allowedActions]).toEqual([
      409,
      'INVALID_TRANSITION',
      'not_started',
      'pause',
      ['start'],
    ]);
    await live(id, 'start', w.judge.token);
    const twice = await live(id, 'start', w.judge.token);
    expect([twice.status, twice.body.state]).toEqual([409, 'in_session']);
    const bad = await live(id, 'adjourn', w.judge.token);
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'action']);
  });

  it('starts only from the opening of the join window, and not a hearing that is over', async () => {
    const later = await hearingNearNow(t, w, { startsInMinutes: 90, durationMinutes: 5 });
    const res = await live(later, 'start', w.judge.token);
    expect([res.status, res.body.code]).toEqual([422, 'NOT_YET_OPEN']);
    expect((await t.http.get(`/hearings/${later}/video`, { token: w.judge.token })).body.live.state).toBe(
      'not_started',
    );
    const cancelled = await hearingNearNow(t, w, { startsInMinutes: 10, durationMinutes: 5 });
    await t.sql.query(
      `UPDATE hearings SET status = 'cancelled', cancelled_at = now(), cancel_reason = 'x' WHERE id = $1`,
      [cancelled],
    );
    expect((await live(cancelled, 'start', w.judge.token)).body.code).toBe('HEARING_CANCELLED');
  });

  it('is run by the judge and the clerks of the court only', async () => {
    const id = await hearingNearNow(t, w, { startsInMinutes: 5 });
    for (const user of [w.lawyer, w.prosecutor, w.officer]) {
      const res = await live(id, 'start', user.token);
      expect(res.status).toBe(403);
    }
    expect((await live(id, 'start', t.adminToken)).status).toBe(403);
    const otherJudge = await t.factory.user('judge', w.court.id);
    expect((await live(id, 'start', otherJudge.token)).status).toBe(403);
    const stranger = await t.factory.world();
    expect((await live(id, 'start', stranger.clerk.token)).status).toBe(404);
    expect((await t.http.get(`/hearings/${id}/video`, { token: stranger.clerk.token })).status).toBe(404);
  });

  it('lets the prosecutor run a plea signing, with no judge and no clerk', async () => {
    const id = await hearingNearNow(t, w, { startsInMinutes: 5, kind: 'plea_signing' });
    expect((await live(id, 'start', w.clerk.token)).status).toBe(403);
    const prosecutor = await tokenFor(id, w.prosecutor.token);
    expect([prosecutor.body.waiting, prosecutor.body.grants.roomAdmin]).toEqual([false, true]);
    expect((await tokenFor(id, w.clerk.token)).status).toBe(403);
    expect((await tokenFor(id, w.lawyer.token)).body.waiting).toBe(true);
    expect((await live(id, 'start', w.prosecutor.token)).body.state).toBe('in_session');
    expect((await tokenFor(id, w.lawyer.token)).body.waiting).toBe(false);
  });

  it('takes one of two simultaneous starts, and refuses the other', async () => {
    const id = await hearingNearNow(t, w, { startsInMinutes: 5 });
    const answers = await Promise.all([live(id, 'start', w.judge.token), live(id, 'start', w.clerk.token)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM hearing_live_changes WHERE hearing_id = $1`, [
      id,
    ]);
    expect(rows[0].n).toBe(1);
  });
});
