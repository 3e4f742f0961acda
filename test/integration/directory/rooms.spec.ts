import { createTestApp, TestApp } from '../../support/test-app';
import type { World } from '../../support/factories';

describe('Rooms', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (table: string) => Number((await t.sql.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

  it('lets an admin add a courtroom to a court and a video room to a detention center', async () => {
    const courtroom = await t.http.post(
      `/organizations/${w.court.id}/rooms`,
      { name: 'Courtroom 3', kind: 'courtroom' },
      { token: t.adminToken },
    );
    expect(courtroom.status).toBe(201);
    expect(courtroom.body).toEqual({
      id: expect.any(String),
      organizationId: w.court.id,
      name: 'Courtroom 3',
      kind: 'courtroom',
    });
    const video = await t.http.post(
      `/organizations/${w.center.id}/rooms`,
      { name: 'Video room 9', kind: 'video_room' },
      { token: t.adminToken },
    );
    expect(video.status).toBe(201);
    expect(video.body).toMatchObject({ organizationId: w.center.id, kind: 'video_room' });
  });

  it('lets a clerk add rooms to their own court, with an audit row', async () => {
    const res = await t.http.post(
      `/organizations/${w.court.id}/rooms`,
      { name: '  Remote hearing room  ', kind: 'video_room' },
      { token: w.clerk.token },
    );
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('Remote hearing room');
    const audit = await t.sql.query(`SELECT action, entity_type, actor_id, after FROM audit_log WHERE entity_id = $1`, [
      res.body.id,
    ]);
    expect(audit.rows).toEqual([
      {
        action: 'create',
        entity_type: 'room',
        actor_id: w.clerk.id,
        after: { organizationId: w.court.id, name: 'Remote hearing room', kind: 'video_room' },
      },
    ]);
  });

  it('lets procuratorates have video rooms but not courtrooms', async () => {
    const video = await t.http.post(
      `/organizations/${w.procuratorate.id}/rooms`,
      { name: 'Interview room', kind: 'video_room' },
      { token: t.adminToken },
    );
    expect(video.status).toBe(201);
    const courtroom = await t.http.post(
      `/organizations/${w.procuratorate.id}/rooms`,
      { name: 'Fake courtroom', kind: 'courtroom' },
      { token: t.adminToken },
    );
    expect(courtroom.status).toBe(400);
    expect(courtroom.body.errors).toEqual([
      { field: 'kind', message: expect.stringMatching(/courtroom belongs to courts, not to a procuratorate/) },
    ]);
  });

  it('refuses a courtroom in a detention center and any room in a law firm, writing nothing', async () => {
    const rooms = await count('rooms');
    const audits = await count('audit_log');
    const inCenter = await t.http.post(
      `/organizations/${w.center.id}/rooms`,
      { name: 'Courtroom in a jail', kind: 'courtroom' },
      { token: t.adminToken },
    );
    expect(inCenter.status).toBe(400);
    expect(inCenter.body.errors[0]).toEqual({ field: 'kind', message: expect.stringMatching(/detention center/) });
    const inFirm = await t.http.post(
      `/organizations/${w.lawFirm.id}/rooms`,
      { name: 'Meeting room', kind: 'video_room' },
      { token: t.adminToken },
    );
    expect(inFirm.status).toBe(400);
    expect(inFirm.body.errors[0]).toEqual({ field: 'kind', message: expect.stringMatching(/not to a law firm/) });
    expect(await count('rooms')).toBe(rooms);
    expect(await count('audit_log')).toBe(audits);
  });

  it('refuses the same room name twice in one organization with 409 ROOM_NAME_TAKEN, writing nothing', async () => {
    const first = await t.http.post(
      `/organizations/${w.center.id}/rooms`,
      { name: 'Room A', kind: 'video_room' },
      { token: t.adminToken },
    );
    expect(first.status).toBe(201);
    const rooms = await count('rooms');
    const audits = await count('audit_log');
    const again = await t.http.post(
      `/organizations/${w.center.id}/rooms`,
      { name: 'Room A', kind: 'video_room' },
      { token: t.adminToken },
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'ROOM_NAME_TAKEN', status: 409 });
    expect(await count('rooms')).toBe(rooms);
    expect(await count('audit_log')).toBe(audits);
    // Another organization may use the same name.
    const elsewhere = await t.http.post(
      `/organizations/${w.court.id}/rooms`,
      { name: 'Room A', kind: 'video_room' },
      { token: t.adminToken },
    );
    expect(elsewhere.status).toBe(201);
  });

  it('forbids a clerk of another court, and every role but admin and clerk', async () => {
    const otherCourt = await t.factory.organization('court');
    const otherClerk = await t.factory.user('clerk', otherCourt.id);
    const res = await t.http.post(
      `/organizations/${w.court.id}/rooms`,
      { name: 'Not mine', kind: 'courtroom' },
      { token: otherClerk.token },
    );
    expect(res.status).toBe(403);
    const ownCenter = await t.http.post(
      `/organizations/${w.center.id}/rooms`,
      { name: 'Not a court', kind: 'video_room' },
      { token: w.clerk.token },
    );
    expect(ownCenter.status).toBe(403);
    for (const user of [w.judge, w.prosecutor, w.lawyer, w.officer]) {
      const denied = await t.http.post(
        `/organizations/${user.organizationId}/rooms`,
        { name: 'Mine', kind: 'video_room' },
        { token: user.token },
      );
      expect(denied.status).toBe(403);
    }
  });

  it('answers 404 for rooms of an organization that does not exist, 400 for a malformed id or body', async () => {
    const missing = await t.http.post(
      '/organizations/00000000-0000-4000-8000-000000000000/rooms',
      { name: 'x', kind: 'video_room' },
      { token: t.adminToken },
    );
    expect(missing.status).toBe(404);
    const missingList = await t.http.get('/organizations/00000000-0000-4000-8000-000000000000/rooms', {
      token: t.adminToken,
    });
    expect(missingList.status).toBe(404);
    const bad = await t.http.post(
      '/organizations/abc/rooms',
      { name: 'x', kind: 'video_room' },
      { token: t.adminToken },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    const badBody = await t.http.post(
      `/organizations/${w.court.id}/rooms`,
      { name: '', kind: 'cell', floor: 2 },
      { token: t.adminToken },
    );
    expect(badBody.status).toBe(400);
    expect(badBody.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['name', 'kind', 'floor']),
    );
  });

  it("lists an organization's rooms to any signed-in user, by kind on request", async () => {
    const all = await t.http.get(`/organizations/${w.court.id}/rooms`, { token: w.lawyer.token });
    expect(all.status).toBe(200);
    expect(all.body.every((r: { organizationId: string }) => r.organizationId === w.court.id)).toBe(true);
    expect(all.body.map((r: { id: string }) => r.id)).toContain(w.courtroom.id);
    expect(new Set(all.body.map((r: { kind: string }) => r.kind))).toEqual(new Set(['courtroom', 'video_room']));
    const courtrooms = await t.http.get(`/organizations/${w.court.id}/rooms?kind=courtroom`, {
      token: w.officer.token,
    });
    expect(courtrooms.body.length).toBeGreaterThan(0);
    expect(courtrooms.body.every((r: { kind: string }) => r.kind === 'courtroom')).toBe(true);
    const centerRooms = await t.http.get(`/organizations/${w.center.id}/rooms?kind=video_room`, {
      token: w.judge.token,
    });
    expect(centerRooms.body.map((r: { id: string }) => r.id)).toEqual(
      expect.arrayContaining(w.videoRooms.map((r) => r.id)),
    );
    const badKind = await t.http.get(`/organizations/${w.court.id}/rooms?kind=cell`, { token: w.judge.token });
    expect(badKind.status).toBe(400);
  });
});
