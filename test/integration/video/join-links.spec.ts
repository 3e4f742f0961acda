import { InvitationsRepository } from '../../../src/modules/video/invitations.repository';
import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';
import { hearingNearNow, verify } from './support';

describe('join links', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp({ JOIN_RATE_LIMIT_PER_MINUTE: '1000' });
    w = await t.factory.world();
  });
  afterAll(async () => {
    await t?.close();
  });

  const invite = (id: string, body: Record<string, unknown>, token = w.clerk.token) =>
    t.http.post(`/hearings/${id}/invitations`, body, { token });
  const codeOf = (joinUrl: string) => joinUrl.split('/join/')[1];

  it('gives a guest with no account a link that shows the hearing and gives a token in the window', async () => {
    const id = await hearingNearNow(t, w, { startsInMinutes: 10 });
    const made = await invite(id, { role: 'interpreter', name: 'Ma Li', email: 'ma.li@example.org' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      role: 'interpreter',
      name: 'Ma Li',
      email: 'ma.li@example.org',
      revokedAt: null,
    });
    expect(made.body.joinUrl).toMatch(/^http:\/\/localhost:3000\/join\/[A-Za-z0-9_-]{32}$/);
    const code = codeOf(made.body.joinUrl);
    const { rows } = await t.sql.query(`SELECT code_hash FROM hearing_invitations WHERE id = $1`, [made.body.id]);
    expect(rows[0].code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].code_hash).not.toContain(code);

    const info = await t.http.get(`/join/${code}`);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({
      kind: 'trial',
      role: 'interpreter',
      name: 'Ma Li',
      timeZone: 'Asia/Shanghai',
      liveState: 'not_started',
    });
    expect(info.body.startsAt).toMatch(/\+08:00$/);
    expect(info.body.window.open).toBe(true);
    expect(JSON.stringify(info.body)).not.toContain(w.case.id);

    const token = await t.http.post(`/join/${code}/token`);
    expect([token.status, token.body.role, token.body.name, token.body.waiting]).toEqual([
      200,
      'interpreter',
      'Ma Li',
      true,
    ]);
    const again = await t.http.post(`/join/${code}/token`);
    expect(again.body.identity).toBe(token.body.identity);
    const claims = await verify(token.body.token);
    expect(claims.attributes).toEqual({ role: 'interpreter' });
    await t.http.post(`/hearings/${id}/live`, { action: 'start' }, { token: w.judge.token });
    const inSession = await t.http.post(`/join/${code}/token`);
    expect((await verify(inSession.body.token)).video).toMatchObject({
      canPublishSources: ['microphone'],
      canSubscribe: true,
    });
    const audit = await t.sql.query(
      `SELECT actor_id, after->>'invitationId' AS invitation FROM audit_log WHERE action = 'issue_video_token' AND entity_id = $1`,
      [id],
    );
    expect(audit.rows).toContainEqual({ actor_id: null, invitation: made.body.id });
  });

  it('answers an unknown, malformed or revoked code the same way', async () => {
    const id = await hearingNearNow(t, w, { startsInMinutes: 10 });
    const made = await invite(id, { role: 'observer', name: 'Student' });
    const code = codeOf(made.body.joinUrl);
    expect((await t.http.delete(`/hearings/${id}/invitations/${made.body.id}`, { token: w.clerk.token })).status).toBe(
      204,
    );
    const answers = await Promise.all(
      [code, 'A'.repeat(32), 'not-a-code', `${code}x`].map((c) => t.http.get(`/join/${encodeURIComponent(c)}`)),
    );
    for (const a of answers)
      expect([a.status, a.body.detail]).toEqual([404, 'This join link does not exist or is no longer valid']);
    expect((await t.http.post(`/join/${code}/token`)).status).toBe(404);
    const listed = await t.http.get(`/hearings/${id}/invitations`, { token: w.clerk.token });
    expect(listed.body[0].revokedAt).toEqual(expect.any(String));
    expect(listed.body[0]).not.toHaveProperty('joinUrl');
  });

  it('revokes every link of a cancelled hearing, and keeps them through a reschedule', async () => {
    const id = await hearingNearNow(t, w, { startsInMinutes: 10 });
    const code = codeOf((await invite(id, { role: 'observer', name: 'Press' })).body.joinUrl);
    await t.sql.query(
      `UPDATE hearings SET starts_at = starts_at + interval '2 hours', ends_at = ends_at + interval '2 hours' WHERE id = $1`,
      [id],
    );
    const moved = await t.http.get(`/join/${code}`);
    expect([moved.status, moved.body.window.open]).toEqual([200, false]);
    const early = await t.http.post(`/join/${code}/token`);
    expect([early.status, early.body.code, early.body.reason]).toEqual([403, 'JOIN_WINDOW_CLOSED', 'not_yet_open']);
    await t.sql.query(
      `UPDATE hearings SET status = 'cancelled', cancelled_at = now(), cancel_reason = 'x' WHERE id = $1`,
      [id],
    );
    expect((await t.http.get(`/join/${code}`)).status).toBe(404);
    const { rows } = await t.sql.query(`SELECT revoked_at FROM hearing_invitations WHERE hearing_id = $1`, [id]);
    expect(rows[0].revoked_at).toBeInstanceOf(Date);
  });

  it('names a user only in a role their account fits, and a guest needs a name', async () => {
    const id = await hearingNearNow(t, w, { startsInMinutes: 10 });
    expect((await invite(id, { role: 'defense_lawyer', userId: w.lawyer.id })).status).toBe(201);
    const wrong = await invite(id, { role: 'defense_lawyer', userId: w.judge.id });
    expect([wrong.status, wrong.body.errors[0].field]).toEqual([400, 'userId']);
    const nobody = await invite(id, { role: 'observer' });
    expect([nobody.status, nobody.body.errors[0].field]).toEqual([400, 'name']);
    const blank = await invite(id, { role: 'observer', name: '   ' });
    expect(blank.status).toBe(400);
    const bad = await invite(id, { role: 'judge', name: 'X' });
    expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'role']);
  });

  it('lets only the clerks of the court send the links', async () => {
    const id = await hearingNearNow(t, w, { startsInMinutes: 10 });
    for (const token of [w.judge.token, w.lawyer.token, w.prosecutor.token, w.officer.token]) {
      expect((await invite(id, { role: 'observer', name: 'X' }, token)).status).toBe(403);
      expect((await t.http.get(`/hearings/${id}/invitations`, { token })).status).toBe(403);
    }
    const stranger = await t.factory.world();
    expect((await invite(id, { role: 'observer', name: 'X' }, stranger.clerk.token)).status).toBe(404);
    // An admin (an operator) lists and revokes a leaked link, but sends none.
    expect((await invite(id, { role: 'observer', name: 'X' }, t.adminToken)).status).toBe(403);
    const made = await invite(id, { role: 'observer', name: 'Leaked' });
    expect((await t.http.get(`/hearings/${id}/invitations`, { token: t.adminToken })).status).toBe(200);
    expect((await t.http.delete(`/hearings/${id}/invitations/${made.body.id}`, { token: t.adminToken })).status).toBe(
      204,
    );
  });

  it('erases guests’ names and e-mails after the hearing', async () => {
    const id = await hearingNearNow(t, w, { startsInMinutes: 10 });
    const made = await invite(id, { role: 'observer', name: 'Visitor', email: 'v@example.org' });
    await t.sql.query(
      `UPDATE hearings SET starts_at = now() - interval '40 days', ends_at = now() - interval '40 days' + interval '30 minutes' WHERE id = $1`,
      [id],
    );
    expect(await t.app.get(InvitationsRepository).eraseGuestData(30)).toBeGreaterThanOrEqual(1);
    const { rows } = await t.sql.query(`SELECT name, email, erased_at FROM hearing_invitations WHERE id = $1`, [
      made.body.id,
    ]);
    expect(rows[0]).toEqual({ name: null, email: null, erased_at: expect.any(Date) });
  });
});

describe('join links under a rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ JOIN_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 with Retry-After beyond the limit per address', async () => {
    // Seven requests within a second or two: even if a minute's window turns between two of them, one window
    // holds four, one more than the limit.
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await t.http.get(`/join/${'B'.repeat(32)}`));
    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([404, 404, 404]);
    const limited = answers.find((a) => a.status === 429);
    expect(limited?.body.code).toBe('TOO_MANY_REQUESTS');
    const retryAfter = Number(limited!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });
});
