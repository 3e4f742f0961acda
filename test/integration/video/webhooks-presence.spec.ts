import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';
import { hearingNearNow, livekitWebhook, participantEvent } from './support';

describe('LiveKit webhooks, presence and attendance', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
  });
  afterAll(async () => {
    await t?.close();
  });

  const minutesAgo = (m: number) => new Date(Math.floor(Date.now() / 1000) * 1000 - m * 60_000);
  async function post(event: Record<string, unknown>, keys?: { key: string; secret: string }) {
    const { raw, headers } = await livekitWebhook(event, keys);
    return t.http.post('/webhooks/livekit', undefined, { raw, headers });
  }
  /** A hearing under way with the judge's and the lawyer's identities issued (their first tokens). */
  async function hearingWithPeople() {
    const id = await hearingNearNow(t, w, { startsInMinutes: -5 });
    const room = (await t.sql.query(`SELECT room_name FROM hearing_video WHERE hearing_id = $1`, [id])).rows[0]
      .room_name;
    const identity = async (token: string) =>
      (await t.http.post(`/hearings/${id}/video-token`, undefined, { token })).body.identity as string;
    return {
      id,
      room,
      judge: await identity(w.judge.token),
      lawyer: await identity(w.lawyer.token),
      clerk: await identity(w.clerk.token),
    };
  }
  const presence = async (id: string) =>
    (await t.http.get(`/hearings/${id}/participants`, { token: w.clerk.token })).body as {
      role: string;
      status: string;
      since: string | null;
    }[];
  const statusOf = async (id: string, role: string) => (await presence(id)).find((p) => p.role === role)?.status;
  const eventCount = async () => (await t.sql.query(`SELECT count(*)::int AS n FROM livekit_events`)).rows[0].n;

  it('records a join: the lawyer waits before the start, takes part after it', async () => {
    const h = await hearingWithPeople();
    expect(await statusOf(h.id, 'defense_lawyer')).toBe('not_joined');
    const joinedAt = minutesAgo(2);
    const res = await post(
      participantEvent('participant_joined', h.room, { identity: h.lawyer, sid: 'PA_l1', joinedAt }, joinedAt),
    );
    expect([res.status, res.body]).toEqual([200, { duplicate: false }]);
    const lawyer = (await presence(h.id)).find((p) => p.role === 'defense_lawyer')!;
    expect([lawyer.status, lawyer.since]).toEqual(['waiting', joinedAt.toISOString().replace('.000', '')]);
    expect(await statusOf(h.id, 'judge')).toBe('not_joined');
    expect(await statusOf(h.id, 'detention_center')).toBe('not_joined');
    await t.http.post(`/hearings/${h.id}/live`, { action: 'start' }, { token: w.judge.token });
    expect(await statusOf(h.id, 'defense_lawyer')).toBe('in_hearing');
  });

  it('refuses a webhook without a valid signature over the exact body, and stores nothing', async () => {
    const h = await hearingWithPeople();
    const event = participantEvent(
      'participant_joined',
      h.room,
      { identity: h.lawyer, sid: 'PA_x', joinedAt: minutesAgo(1) },
      minutesAgo(1),
    );
    const before = await eventCount();
    const signed = await livekitWebhook(event);
    const tampered = await t.http.post('/webhooks/livekit', undefined, {
      raw: signed.raw.replace('PA_x', 'PA_y'),
      headers: signed.headers,
    });
    expect([tampered.status, tampered.body.code]).toEqual([401, 'UNAUTHORIZED']);
    expect((await post(event, { key: 'devkey', secret: 'not-the-secret' })).status).toBe(401);
    expect((await post(event, { key: 'otherkey', secret: 'secret' })).status).toBe(401);
    const unsigned = await t.http.post('/webhooks/livekit', undefined, {
      raw: signed.raw,
      headers: { 'content-type': 'application/webhook+json' },
    });
    expect(unsigned.status).toBe(401);
    const asJson = await t.http.post('/webhooks/livekit', event, {
      headers: { authorization: signed.headers.authorization },
    });
    expect([asJson.status, asJson.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(await eventCount()).toBe(before);
    expect(await statusOf(h.id, 'defense_lawyer')).toBe('not_joined');
  });

  it('keeps each event once', async () => {
    const h = await hearingWithPeople();
    const event = participantEvent(
      'participant_joined',
      h.room,
      { identity: h.lawyer, sid: 'PA_d1', joinedAt: minutesAgo(3) },
      minutesAgo(3),
    );
    expect((await post(event)).body).toEqual({ duplicate: false });
    expect((await post(event)).body).toEqual({ duplicate: true });
    const attendance = await t.http.get(`/hearings/${h.id}/attendance`, { token: w.clerk.token });
    expect(attendance.body).toHaveLength(1);
  });

  it('gets the same presence and attendance when the leave arrives before the join', async () => {
    const h = await hearingWithPeople();
    const who = { identity: h.lawyer, sid: 'PA_r1', joinedAt: minutesAgo(10) };
    expect((await post(participantEvent('participant_left', h.room, who, minutesAgo(4)))).status).toBe(200);
    expect(await statusOf(h.id, 'defense_lawyer')).toBe('disconnected');
    expect((await post(participantEvent('participant_joined', h.room, who, minutesAgo(10)))).status).toBe(200);
    const lawyer = (await presence(h.id)).find((p) => p.role === 'defense_lawyer')!;
    expect([lawyer.status, lawyer.since]).toEqual(['disconnected', minutesAgo(4).toISOString().replace('.000', '')]);
    const attendance = await t.http.get(`/hearings/${h.id}/attendance`, { token: w.judge.token });
    const { rows } = await t.sql.query(`SELECT name FROM users WHERE id = $1`, [w.lawyer.id]);
    expect(attendance.body).toEqual([
      {
        identity: h.lawyer,
        role: 'defense_lawyer',
        name: rows[0].name,
        joinedAt: minutesAgo(10).toISOString().replace('.000', ''),
        leftAt: minutesAgo(4).toISOString().replace('.000', ''),
        seconds: 360,
      },
    ]);
  });

  it('counts several connections of one person, and a reconnection as back in', async () => {
    const h = await hearingWithPeople();
    const first = { identity: h.lawyer, sid: 'PA_s1', joinedAt: minutesAgo(20) };
    const second = { identity: h.lawyer, sid: 'PA_s2', joinedAt: minutesAgo(8) };
    await post(participantEvent('participant_joined', h.room, first, minutesAgo(20)));
    await post(participantEvent('participant_left', h.room, first, minutesAgo(9)));
    await post(participantEvent('participant_joined', h.room, second, minutesAgo(8)));
    const attendance = (await t.http.get(`/hearings/${h.id}/attendance`, { token: w.clerk.token })).body;
    expect(
      attendance.map((a: { seconds: number | null; leftAt: string | null }) => [a.seconds! >= 0, a.leftAt === null]),
    ).toEqual([
      [true, false],
      [true, true],
    ]);
    expect(attendance[0].seconds).toBe(660);
    expect(await statusOf(h.id, 'defense_lawyer')).toBe('waiting');
  });

  it('suspends a hearing in session when the last judge and clerk leave, not before', async () => {
    const h = await hearingWithPeople();
    await t.http.post(`/hearings/${h.id}/live`, { action: 'start' }, { token: w.judge.token });
    const judge = { identity: h.judge, sid: 'PA_j1', joinedAt: minutesAgo(6) };
    const clerk = { identity: h.clerk, sid: 'PA_c1', joinedAt: minutesAgo(6) };
    await post(participantEvent('participant_joined', h.room, judge, minutesAgo(6)));
    await post(participantEvent('participant_joined', h.room, clerk, minutesAgo(6)));
    await post(participantEvent('participant_left', h.room, judge, minutesAgo(2)));
    const live = async () => (await t.http.get(`/hearings/${h.id}/video`, { token: w.clerk.token })).body.live;
    expect((await live()).state).toBe('in_session');
    await post(participantEvent('participant_left', h.room, clerk, minutesAgo(1)));
    const after = await live();
    expect(after.state).toBe('suspended');
    expect(after.changes.at(-1)).toMatchObject({
      action: 'suspend',
      from: 'in_session',
      to: 'suspended',
      actorId: null,
    });
    const { rows } = await t.sql.query(
      `SELECT actor_id FROM audit_log WHERE entity_id = $1 AND action = 'live_suspend'`,
      [h.id],
    );
    expect(rows).toEqual([{ actor_id: null }]);
  });

  it("keeps events of rooms that are not a hearing's, and changes nothing for them", async () => {
    const res = await post(
      participantEvent(
        'participant_joined',
        'someone-elses-room',
        { identity: 'x', sid: 'PA_z', joinedAt: minutesAgo(1) },
        minutesAgo(1),
      ),
    );
    expect(res.status).toBe(200);
    const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM video_sessions WHERE participant_sid = 'PA_z'`);
    expect(rows[0].n).toBe(0);
  });

  it('answers a signed body that is no webhook event with a 400', async () => {
    const res = await post({ hello: 'world' });
    expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, 'body']);
  });
});
