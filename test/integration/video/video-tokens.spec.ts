import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';
import { hearingNearNow, verify } from './support';

const OPAQUE = /^p_[0-9a-f]{32}$/;

describe('video tokens', () => {
  let t: TestApp;
  let w: World;
  let id: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
    id = await hearingNearNow(t, w, { startsInMinutes: 10 });
  });
  afterAll(async () => {
    await t?.close();
  });

  const tokenFor = (hearingId: string, token: string) =>
    t.http.post(`/hearings/${hearingId}/video-token`, undefined, { token });

  it("gives the judge a 10-minute token for the hearing's opaque room with every right spelled out", async () => {
    const res = await tokenFor(id, w.judge.token);
    expect(res.status).toBe(200);
    const { rows } = await t.sql.query(`SELECT room_name FROM hearing_video WHERE hearing_id = $1`, [id]);
    expect(res.body).toMatchObject({
      serverUrl: 'ws://localhost:7880',
      roomName: rows[0].room_name,
      role: 'judge',
      name: expect.any(String),
      liveState: 'not_started',
      waiting: false,
    });
    expect(res.body.roomName).toMatch(/^rh_[0-9a-f]{32}$/);
    expect(res.body.identity).toMatch(OPAQUE);
    const claims = await verify(res.body.token);
    expect(claims.sub).toBe(res.body.identity);
    expect(claims.name).toBe(res.body.name);
    expect(claims.attributes).toEqual({ role: 'judge' });
    expect(claims.exp! - claims.nbf!).toBe(600);
    expect(new Date(claims.exp! * 1000).toISOString().replace('.000', '')).toBe(res.body.expiresAt);
    expect(claims.video).toEqual({
      room: res.body.roomName,
      roomJoin: true,
      roomAdmin: true,
      roomCreate: false,
      roomList: false,
      roomRecord: false,
      ingressAdmin: false,
      canPublish: true,
      canPublishSources: ['camera', 'microphone', 'screen_share'],
      canSubscribe: true,
      canPublishData: true,
      canUpdateOwnMetadata: false,
      hidden: false,
      recorder: false,
      agent: false,
    });
  });

  it('puts every other participant in the waiting room before the start, with nothing to publish or see', async () => {
    for (const [user, role] of [
      [w.prosecutor, 'prosecutor'],
      [w.lawyer, 'defense_lawyer'],
      [w.officer, 'detention_center'],
    ] as const) {
      const res = await tokenFor(id, user.token);
      expect([res.status, res.body.role, res.body.waiting]).toEqual([200, role, true]);
      const claims = await verify(res.body.token);
      expect(claims.video).toMatchObject({
        roomJoin: true,
        roomAdmin: false,
        canPublish: false,
        canPublishSources: [],
        canSubscribe: false,
        canPublishData: false,
      });
    }
    const clerk = await tokenFor(id, w.clerk.token);
    expect([clerk.body.role, clerk.body.waiting]).toEqual(['clerk', false]);
    expect((await verify(clerk.body.token)).video).toMatchObject({
      roomAdmin: true,
      canPublishSources: ['microphone', 'screen_share'],
      canSubscribe: true,
      canPublishData: false,
    });
  });

  it("names the detention center's device by its video room, never the defendant", async () => {
    const res = await tokenFor(id, w.officer.token);
    expect(res.body.name).toBe(w.videoRooms[0].name);
    expect(JSON.stringify(await verify(res.body.token))).not.toContain(w.defendant.name);
  });

  it('keeps one opaque identity per person and hearing', async () => {
    const first = await tokenFor(id, w.lawyer.token);
    const again = await tokenFor(id, w.lawyer.token);
    const other = await hearingNearNow(t, w, { startsInMinutes: 15, durationMinutes: 5 });
    const elsewhere = await tokenFor(other, w.lawyer.token);
    const judge = await tokenFor(id, w.judge.token);
    expect(again.body.identity).toBe(first.body.identity);
    expect(elsewhere.body.identity).not.toBe(first.body.identity);
    expect(judge.body.identity).not.toBe(first.body.identity);
    for (const body of [first.body, elsewhere.body, judge.body]) {
      expect(body.identity).not.toContain(w.lawyer.id.replace(/-/g, ''));
      expect(body.identity).toMatch(OPAQUE);
    }
  });

  it('refuses people who see the hearing but take no part in it, and hides it from the others', async () => {
    const admin = await tokenFor(id, t.adminToken);
    expect([admin.status, admin.body.detail]).toEqual([403, 'Admins do not join hearings']);
    const otherJudge = await t.factory.user('judge', w.court.id);
    expect((await tokenFor(id, otherJudge.token)).status).toBe(403);
    const otherProsecutor = await t.factory.user('prosecutor', w.procuratorate.id);
    expect((await tokenFor(id, otherProsecutor.token)).status).toBe(403);

    const stranger = await t.factory.world();
    for (const user of [stranger.clerk, stranger.judge, stranger.lawyer, stranger.officer, stranger.prosecutor]) {
      const res = await tokenFor(id, user.token);
      expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    }
    expect((await tokenFor('00000000-0000-4000-8000-000000000000', w.judge.token)).status).toBe(404);
  });

  it('audits every token issued: who, as what, for which hearing', async () => {
    const before = await t.sql.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'issue_video_token'`);
    const res = await tokenFor(id, w.prosecutor.token);
    const { rows } = await t.sql.query(
      `SELECT actor_id, entity_type, entity_id, after FROM audit_log WHERE action = 'issue_video_token' ORDER BY id DESC LIMIT 1`,
    );
    const after = await t.sql.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'issue_video_token'`);
    expect(after.rows[0].n).toBe(before.rows[0].n + 1);
    expect(rows[0]).toEqual({
      actor_id: w.prosecutor.id,
      entity_type: 'hearing',
      entity_id: id,
      after: {
        role: 'prosecutor',
        identity: res.body.identity,
        liveState: 'not_started',
        expiresAt: res.body.expiresAt,
      },
    });
    expect(JSON.stringify(rows[0].after)).not.toContain('token');
  });

  describe('the join window', () => {
    it('opens 30 minutes before the start, saying when', async () => {
      const later = await hearingNearNow(t, w, { startsInMinutes: 45, durationMinutes: 5 });
      const res = await tokenFor(later, w.lawyer.token);
      expect([res.status, res.body.code, res.body.reason]).toEqual([403, 'JOIN_WINDOW_CLOSED', 'not_yet_open']);
      const { rows } = await t.sql.query(`SELECT starts_at FROM hearings WHERE id = $1`, [later]);
      expect(Date.parse(res.body.opensAt)).toBe(rows[0].starts_at.getTime() - 30 * 60_000);
      expect(res.body.closedAt).toEqual(expect.any(String));
    });

    it('stays open an hour after the end, then closes', async () => {
      const overrun = await hearingNearNow(t, w, { startsInMinutes: -80, durationMinutes: 30 });
      expect((await tokenFor(overrun, w.lawyer.token)).status).toBe(200);
      const over = await hearingNearNow(t, w, { startsInMinutes: -100, durationMinutes: 30 });
      const res = await tokenFor(over, w.lawyer.token);
      expect([res.status, res.body.reason]).toEqual([403, 'closed']);
    });

    it('closes when the hearing is cancelled', async () => {
      const soon = await hearingNearNow(t, w, { startsInMinutes: 20, durationMinutes: 5 });
      await t.sql.query(
        `UPDATE hearings SET status = 'cancelled', cancelled_at = now(), cancel_reason = 'x' WHERE id = $1`,
        [soon],
      );
      const res = await tokenFor(soon, w.judge.token);
      expect([res.status, res.body.code, res.body.reason]).toEqual([403, 'JOIN_WINDOW_CLOSED', 'closed']);
    });
  });
});
