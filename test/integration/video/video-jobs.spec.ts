import { JobsService } from '../../../src/platform/jobs/jobs.service';
import { VideoJobsService } from '../../../src/modules/video/video-jobs.service';
import { waitFor } from '../../support/concurrency';
import type { World } from '../../support/factories';
import { LivekitStandIn } from '../../support/livekit-stand-in';
import { createTestApp, TestApp } from '../../support/test-app';
import { InvitationsService } from '../../../src/modules/video/invitations.service';
import { MONDAY, local, trialBody } from '../hearings/support';
import { hearingNearNow } from './support';

/**
 * The video jobs against the LiveKit stand-in (test/support/livekit-stand-in.ts), with the job queue on: rooms made
 * and deleted at the right moments, rights updated on start and pause, LiveKit down and back, presence reconciled.
 */
describe('video jobs against LiveKit', () => {
  let t: TestApp;
  let w: World;
  const livekit = new LivekitStandIn();
  beforeAll(async () => {
    const url = await livekit.start();
    t = await createTestApp({
      JOBS_ENABLED: 'true',
      JOBS_POLL_INTERVAL_SECONDS: '1',
      HOUSEKEEPING_INTERVAL_SECONDS: '0',
      LIVEKIT_URL: url,
      LIVEKIT_PUBLIC_URL: 'wss://video.court.example',
      LIVEKIT_REQUEST_TIMEOUT_SECONDS: '1',
    });
    w = await t.factory.world();
  });
  afterAll(async () => {
    await t?.close();
    await livekit.stop();
  });
  afterEach(() => livekit.recover());

  const video = async (id: string) => (await t.http.get(`/hearings/${id}/video`, { token: w.clerk.token })).body;
  const roomOf = async (id: string) =>
    (await t.sql.query(`SELECT room_name, consultation_room_name FROM hearing_video WHERE hearing_id = $1`, [id]))
      .rows[0];
  const live = (id: string, action: string) =>
    t.http.post(`/hearings/${id}/live`, { action }, { token: w.judge.token });

  it('makes the room at the first token, with the timeouts, limit and metadata it relies on', async () => {
    const id = await hearingNearNow(t, w, { startsInMinutes: 10 });
    const token = await t.http.post(`/hearings/${id}/video-token`, undefined, { token: w.lawyer.token });
    expect([token.status, token.body.serverUrl]).toEqual([200, 'wss://video.court.example']);
    await waitFor('the room', async () => (await video(id)).videoRoom.status === 'created');
    const { room_name } = await roomOf(id);
    const created = livekit.callsOf('CreateRoom').find((c) => c.body.name === room_name)!;
    expect(created.body).toMatchObject({ name: room_name, departureTimeout: 300, maxParticipants: 50 });
    expect(JSON.parse(String(created.body.metadata))).toEqual({ hearingId: id });
    expect(Number(created.body.emptyTimeout)).toBeGreaterThan(60 * 60);
    expect(created.grants).toMatchObject({ video: { roomCreate: true } });
    expect(livekit.rooms.get(room_name)?.departureTimeout).toBe(300);
    const { rows } = await t.sql.query(`SELECT room_sid FROM hearing_video WHERE hearing_id = $1`, [id]);
    expect(rows[0].room_sid).toBe(livekit.rooms.get(room_name)!.sid);
    // The room's state is on the hearing too.
    const hearing = await t.http.get(`/hearings/${id}`, { token: w.clerk.token });
    expect(hearing.body.videoRoom).toEqual({ status: 'created', lastError: null });
  });

  it('makes rooms before their join window, in the sweep, and not those of later hearings', async () => {
    const soon = await hearingNearNow(t, w, { startsInMinutes: 35 });
    const later = await hearingNearNow(t, w, { startsInMinutes: 180 });
    await t.app.get(VideoJobsService).sweep();
    expect((await video(soon)).videoRoom.status).toBe('created');
    expect((await video(later)).videoRoom.status).toBe('pending');
  });

  it('gives everyone in the room their rights at the start, takes them back at a pause, deletes the room at the close', async () => {
    const id = await hearingNearNow(t, w, { startsInMinutes: 5 });
    await t.app.get(VideoJobsService).syncRoom(id);
    const { room_name, consultation_room_name } = await roomOf(id);
    const lawyer = (await t.http.post(`/hearings/${id}/video-token`, undefined, { token: w.lawyer.token })).body
      .identity;
    const judge = (await t.http.post(`/hearings/${id}/video-token`, undefined, { token: w.judge.token })).body.identity;
    livekit.participants.set(room_name, [
      { identity: lawyer, sid: 'PA_law', joinedAtMs: Date.now() - 60_000 },
      { identity: judge, sid: 'PA_judge', joinedAtMs: Date.now() - 60_000 },
      { identity: 'p_not_ours', sid: 'PA_x', joinedAtMs: Date.now() },
    ]);
    const updates = () => livekit.callsOf('UpdateParticipant').filter((c) => c.body.room === room_name);
    await live(id, 'start');
    await waitFor('rights at the start', () => updates().length === 2);
    // Protobuf JSON leaves out what is false or empty: the whole set is sent, its defaults unwritten.
    const permission = (c: { body: Record<string, unknown> }) => ({
      canSubscribe: false,
      canPublish: false,
      canPublishData: false,
      canPublishSources: [],
      hidden: false,
      canUpdateMetadata: false,
      ...(c.body.permission as Record<string, unknown>),
    });
    const lawyerRights = permission(updates().find((c) => c.body.identity === lawyer)!);
    expect(lawyerRights).toEqual({
      canSubscribe: true,
      canPublish: true,
      canPublishData: false,
      canPublishSources: ['CAMERA', 'MICROPHONE'],
      hidden: false,
      canUpdateMetadata: false,
    });
    await live(id, 'pause');
    await waitFor('rights at the pause', () => updates().length === 4);
    const paused = permission(
      updates()
        .slice(2)
        .find((c) => c.body.identity === lawyer)!,
    );
    expect([paused.canPublish, paused.canSubscribe, paused.canPublishSources]).toEqual([false, false, []]);
    const judgePaused = permission(
      updates()
        .slice(2)
        .find((c) => c.body.identity === judge)!,
    );
    expect(judgePaused.canPublish).toBe(true);

    await live(id, 'resume');
    await live(id, 'close');
    await waitFor('the room deleted', async () => (await video(id)).videoRoom.status === 'deleted');
    const deleted = livekit.callsOf('DeleteRoom').map((c) => c.body.room);
    expect(deleted).toEqual(expect.arrayContaining([room_name, consultation_room_name]));
    expect(livekit.rooms.has(room_name)).toBe(false);
  });

  it('deletes the room of a cancelled hearing', async () => {
    const id = await hearingNearNow(t, w, { startsInMinutes: 5 });
    await t.app.get(VideoJobsService).syncRoom(id);
    await t.sql.query(
      `UPDATE hearings SET status = 'cancelled', cancelled_at = now(), cancel_reason = 'x' WHERE id = $1`,
      [id],
    );
    await t.app.get(VideoJobsService).sweep();
    expect((await video(id)).videoRoom.status).toBe('deleted');
  });

  it('never fails a token while LiveKit is down, keeps the error on the room, and makes it once LiveKit is back', async () => {
    await livekit.stop();
    let up = false;
    try {
      const id = await hearingNearNow(t, w, { startsInMinutes: 10 });
      const token = await t.http.post(`/hearings/${id}/video-token`, undefined, { token: w.judge.token });
      expect(token.status).toBe(200);
      await waitFor('the failure kept', async () => (await video(id)).videoRoom.status === 'failed');
      expect((await video(id)).videoRoom.lastError).toMatch(/^create: /);
      await livekit.start();
      up = true;
      // The job's own retry (5 s, with jitter and backoff) makes it: nothing else is asked.
      const until = Date.now() + 30_000;
      while ((await video(id)).videoRoom.status !== 'created' && Date.now() < until)
        await new Promise((r) => setTimeout(r, 250));
      expect((await video(id)).videoRoom).toEqual({ status: 'created', lastError: null });
    } finally {
      if (!up) await livekit.start();
    }
  }, 60_000);

  it('keeps an error answer and a call that never answers as failures of the room, not of the request', async () => {
    const errored = await hearingNearNow(t, w, { startsInMinutes: 12 });
    livekit.failWith(500, 'internal', 'stand-in: exploded');
    await expect(t.app.get(VideoJobsService).syncRoom(errored)).rejects.toThrow();
    expect((await video(errored)).videoRoom).toEqual({ status: 'failed', lastError: 'create: stand-in: exploded' });
    livekit.recover();
    livekit.hang();
    const hung = await hearingNearNow(t, w, { startsInMinutes: 14 });
    await expect(t.app.get(VideoJobsService).syncRoom(hung)).rejects.toThrow();
    expect((await video(hung)).videoRoom.status).toBe('failed');
  });

  it('reconciles presence with LiveKit: opens what it lists, closes what it no longer lists, suspends without a judge', async () => {
    const id = await hearingNearNow(t, w, { startsInMinutes: -2 });
    await t.app.get(VideoJobsService).syncRoom(id);
    const { room_name } = await roomOf(id);
    const judge = (await t.http.post(`/hearings/${id}/video-token`, undefined, { token: w.judge.token })).body.identity;
    const lawyer = (await t.http.post(`/hearings/${id}/video-token`, undefined, { token: w.lawyer.token })).body
      .identity;
    await live(id, 'start');
    livekit.participants.set(room_name, [
      { identity: judge, sid: 'PA_rj', joinedAtMs: Date.now() - 120_000 },
      { identity: lawyer, sid: 'PA_rl', joinedAtMs: Date.now() - 100_000 },
    ]);
    await t.app.get(VideoJobsService).reconcile(id);
    const presence = async () =>
      (await t.http.get(`/hearings/${id}/participants`, { token: w.clerk.token })).body as {
        role: string;
        status: string;
      }[];
    expect(
      (await presence())
        .filter((p) => p.status === 'in_hearing')
        .map((p) => p.role)
        .sort(),
    ).toEqual(['defense_lawyer', 'judge']);
    livekit.participants.set(room_name, [{ identity: lawyer, sid: 'PA_rl', joinedAtMs: Date.now() - 100_000 }]);
    await t.app.get(VideoJobsService).reconcile(id);
    expect((await presence()).find((p) => p.role === 'judge')!.status).toBe('disconnected');
    expect((await video(id)).live.state).toBe('suspended');
  });

  it('removes the holder of a revoked link from the room for good', async () => {
    const id = await hearingNearNow(t, w, { startsInMinutes: 5 });
    await t.app.get(VideoJobsService).syncRoom(id);
    const { room_name } = await roomOf(id);
    const made = await t.http.post(
      `/hearings/${id}/invitations`,
      { role: 'observer', name: 'Press' },
      { token: w.clerk.token },
    );
    const code = made.body.joinUrl.split('/join/')[1];
    const guest = (await t.http.post(`/join/${code}/token`)).body.identity;
    livekit.participants.set(room_name, [{ identity: guest, sid: 'PA_guest', joinedAtMs: Date.now() }]);
    await t.http.delete(`/hearings/${id}/invitations/${made.body.id}`, { token: w.clerk.token });
    await t.app.get(JobsService).relayNow();
    await waitFor('the guest removed', () =>
      livekit.callsOf('RemoveParticipant').some((c) => c.body.identity === guest),
    );
    const removal = livekit.callsOf('RemoveParticipant').find((c) => c.body.identity === guest)!;
    expect(Number(removal.body.revokeTokenTs)).toBeGreaterThan(Date.now() / 1000 - 60);
  });

  it("invites the hearing's parties with an e-mail when it is booked, once each; whoever sends one issues its link", async () => {
    const booked = await t.http.post('/hearings', trialBody(w, local(MONDAY, '10:00')), { token: w.clerk.token });
    expect(booked.status).toBe(201);
    const id = booked.body.id;
    const list = async () => (await t.http.get(`/hearings/${id}/invitations`, { token: w.clerk.token })).body;
    await waitFor('the parties invited', async () => (await list()).length === 2);
    const emails = await t.sql.query(`SELECT id, email FROM users WHERE id = ANY($1::uuid[])`, [
      [w.lawyer.id, w.prosecutor.id],
    ]);
    const emailOf = new Map(emails.rows.map((r) => [r.id, r.email]));
    const invited = (await list()).map((i: { role: string; userId: string; email: string }) => [
      i.role,
      i.userId,
      i.email,
    ]);
    expect(invited.sort()).toEqual(
      [
        ['defense_lawyer', w.lawyer.id, emailOf.get(w.lawyer.id)],
        ['prosecutor', w.prosecutor.id, emailOf.get(w.prosecutor.id)],
      ].sort(),
    );
    // Again (a retried job, a change of the hearing): nobody is invited twice.
    expect(await t.app.get(InvitationsService).inviteParties(id, 'again')).toBe(0);
    const lawyerInvitation = (await list()).find((i: { role: string }) => i.role === 'defense_lawyer');
    const link = await t.app.get(InvitationsService).reissueLink(lawyerInvitation.id);
    const info = await t.http.get(`/join/${link!.split('/join/')[1]}`);
    expect([info.status, info.body.role]).toEqual([200, 'defense_lawyer']);
  });
});
