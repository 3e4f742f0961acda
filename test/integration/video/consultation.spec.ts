import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';
import { hearingNearNow, livekitWebhook, participantEvent, verify } from './support';

describe('the private consultation of the defense and the detention center', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
  });
  afterAll(async () => {
    await t?.close();
  });

  const consult = (id: string, token: string) =>
    t.http.post(`/hearings/${id}/consultation-token`, undefined, { token });
  const live = (id: string, action: string) =>
    t.http.post(`/hearings/${id}/live`, { action }, { token: w.judge.token });

  it("puts the lawyer and the center's room in a room of their own, before the start and in a pause only", async () => {
    const id = await hearingNearNow(t, w, { startsInMinutes: 10 });
    const { rows } = await t.sql.query(
      `SELECT room_name, consultation_room_name FROM hearing_video WHERE hearing_id = $1`,
      [id],
    );
    const lawyer = await consult(id, w.lawyer.token);
    const center = await consult(id, w.officer.token);
    expect([lawyer.status, center.status]).toEqual([200, 200]);
    expect(lawyer.body.roomName).toBe(rows[0].consultation_room_name);
    expect(lawyer.body.roomName).toMatch(/^rc_[0-9a-f]{32}$/);
    expect(lawyer.body.roomName).not.toBe(rows[0].room_name);
    expect(center.body.roomName).toBe(lawyer.body.roomName);
    expect((await verify(lawyer.body.token)).video).toMatchObject({
      room: rows[0].consultation_room_name,
      roomAdmin: false,
      canPublishSources: ['camera', 'microphone'],
      canSubscribe: true,
    });

    await live(id, 'start');
    const during = await consult(id, w.lawyer.token);
    expect([during.status, during.body.code, during.body.liveState]).toEqual([
      409,
      'CONSULTATION_CLOSED',
      'in_session',
    ]);
    await live(id, 'pause');
    expect((await consult(id, w.lawyer.token)).status).toBe(200);
    const audited = await t.sql.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'issue_consultation_token'`,
      [id],
    );
    expect(audited.rows[0].n).toBe(3);
  });

  it('is never open to the judge, the clerk, the prosecutor or an observer', async () => {
    const id = await hearingNearNow(t, w, { startsInMinutes: 10 });
    for (const user of [w.judge, w.clerk, w.prosecutor]) expect((await consult(id, user.token)).status).toBe(403);
    const observer = await t.http.post(
      `/hearings/${id}/invitations`,
      { role: 'observer', name: 'Press' },
      { token: w.clerk.token },
    );
    const code = observer.body.joinUrl.split('/join/')[1];
    expect((await t.http.post(`/join/${code}/consultation-token`)).status).toBe(403);
    const guestLawyer = await t.http.post(
      `/hearings/${id}/invitations`,
      { role: 'defense_lawyer', name: 'Duty lawyer' },
      { token: w.clerk.token },
    );
    const lawyerCode = guestLawyer.body.joinUrl.split('/join/')[1];
    expect((await t.http.post(`/join/${lawyerCode}/consultation-token`)).status).toBe(200);
  });

  it('shows the lawyer in consultation while connected to that room only', async () => {
    const id = await hearingNearNow(t, w, { startsInMinutes: 10 });
    const token = await consult(id, w.lawyer.token);
    const joinedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const { raw, headers } = await livekitWebhook(
      participantEvent(
        'participant_joined',
        token.body.roomName,
        { identity: token.body.identity, sid: 'PA_cons', joinedAt },
        joinedAt,
      ),
    );
    expect((await t.http.post('/webhooks/livekit', undefined, { raw, headers })).status).toBe(200);
    const presence = await t.http.get(`/hearings/${id}/participants`, { token: w.clerk.token });
    expect(presence.body.find((p: { role: string }) => p.role === 'defense_lawyer').status).toBe('in_consultation');
  });
});
