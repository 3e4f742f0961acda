import { addDays, nextOffsetChange, workingDay } from '../../support/dates';
import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';

/** Who may search, and what a wrong search answers: a 4xx that names the field, never a 500. */
describe('Availability: access and validation', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
  });
  afterAll(async () => {
    await t?.close();
  });

  // A Monday some weeks ahead: the slot finder offers nothing in the past.
  const day = workingDay(3);
  const query = (over: Record<string, string | undefined> = {}) => {
    const params: Record<string, string | undefined> = {
      caseId: w.case.id,
      kind: 'trial',
      durationMinutes: '30',
      from: `${day}T08:00`,
      to: `${day}T18:00`,
      courtroomId: w.courtroom.id,
      judgeId: w.judge.id,
      ...over,
    };
    return `/availability?${Object.entries(params)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
      .join('&')}`;
  };
  const fields = (res: { body: { errors?: Array<{ field: string }> } }) => res.body.errors?.map((e) => e.field);

  it('answers a clerk of the court and an admin, with 20 slots by default', async () => {
    const clerk = await t.http.get(query(), { token: w.clerk.token });
    expect(clerk.status).toBe(200);
    expect(clerk.body.slots).toHaveLength(20);
    expect((await t.http.get(query({ limit: '3' }), { token: t.adminToken })).body.slots).toHaveLength(3);
  });

  it("refuses whoever may not book the hearing: a judge, a lawyer (403); another court's clerk does not see the case (400)", async () => {
    const otherCourt = await t.factory.organization('court');
    const otherClerk = await t.factory.user('clerk', otherCourt.id);
    const res = await t.http.get(query(), { token: otherClerk.token });
    // The other court's clerk cannot see the case at all.
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['caseId']);
    expect((await t.http.get(query(), { token: w.judge.token })).status).toBe(403);
    expect((await t.http.get(query(), { token: w.lawyer.token })).status).toBe(403);
    // The case's prosecutor may search plea signings only.
    const prosecutor = await t.http.get(query(), { token: w.prosecutor.token });
    expect(prosecutor.status).toBe(403);
    expect(prosecutor.body.code).toBe('FORBIDDEN');
    expect(
      (
        await t.http.get(query({ kind: 'plea_signing', courtroomId: undefined, judgeId: undefined }), {
          token: w.prosecutor.token,
        })
      ).status,
    ).toBe(200);
  });

  it('refuses a window longer than 31 days, or ending before it starts, naming `to`', async () => {
    const long = await t.http.get(query({ to: `${addDays(day, 32)}T08:00` }), { token: w.clerk.token });
    expect(long.status).toBe(400);
    expect(fields(long)).toEqual(['to']);
    expect(long.body.errors[0].message).toMatch(/31 days/);
    expect(fields(await t.http.get(query({ to: `${day}T07:00` }), { token: w.clerk.token }))).toEqual(['to']);
    expect((await t.http.get(query({ to: `${addDays(day, 31)}T08:00` }), { token: w.clerk.token })).status).toBe(200);
  });

  it('names the missing or wrong party as the booking would', async () => {
    const missing = await t.http.get(query({ courtroomId: undefined, judgeId: undefined }), { token: w.clerk.token });
    expect(missing.status).toBe(400);
    expect(fields(missing)).toEqual(['courtroomId', 'judgeId']);
    const wrong = await t.http.get(query({ judgeId: w.prosecutor.id, videoRoomId: w.courtroom.id }), {
      token: w.clerk.token,
    });
    expect(fields(wrong)).toEqual(['judgeId', 'videoRoomId']);
    const stranger = await t.factory.defendant(w.center.id);
    const notInCase = await t.http.get(query({ defendantIds: `${w.defendant.id},${stranger.id}` }), {
      token: w.clerk.token,
    });
    expect(fields(notInCase)).toEqual(['defendantIds[1]']);
  });

  it('refuses malformed and unknown parameters with 400', async () => {
    for (const [over, field] of [
      [{ durationMinutes: '3' }, 'durationMinutes'],
      [{ durationMinutes: 'half an hour' }, 'durationMinutes'],
      [{ kind: 'picnic' }, 'kind'],
      [{ caseId: 'nope' }, 'caseId'],
      [{ limit: '500' }, 'limit'],
      [{ from: 'tomorrow' }, 'from'],
      [{ defenseLawyerIds: 'x,y' }, 'defenseLawyerIds'],
      [{ colour: 'blue' }, 'colour'],
    ] as const) {
      const res = await t.http.get(query(over), { token: w.clerk.token });
      expect({ over, status: res.status, fields: fields(res) }).toEqual({
        over,
        status: 400,
        fields: expect.arrayContaining([field]),
      });
    }
  });

  it('refuses a comma list with empty items rather than reading fewer ids, and reads an empty one as none', async () => {
    // ",,," was read as an explicit empty list: slots for a hearing without the defendants' lawyers.
    for (const ids of [',,,', `${w.lawyer.id},,${w.lawyer.id}`, `${w.lawyer.id},`]) {
      const res = await t.http.get(query({ defenseLawyerIds: ids }), { token: w.clerk.token });
      expect({ ids, status: res.status, fields: fields(res) }).toEqual({
        ids,
        status: 400,
        fields: ['defenseLawyerIds'],
      });
    }
    expect((await t.http.get(query({ defenseLawyerIds: '' }), { token: w.clerk.token })).status).toBe(200);
  });

  it('refuses a year that PostgreSQL cannot store, naming the field', async () => {
    const res = await t.http.get(query({ from: '-010000-01-01T00:00:00Z' }), { token: w.clerk.token });
    expect([res.status, fields(res)]).toEqual([400, ['from']]);
  });

  it('refuses a local time skipped by a daylight-saving change in the court zone', async () => {
    const london = await t.factory.world({ timeZone: 'Europe/London' });
    // The next last Sunday of March: 01:00-02:00 does not exist in London.
    const sunday = nextOffsetChange('Europe/London', 'forward').date;
    const res = await t.http.get(
      `/availability?caseId=${london.case.id}&kind=trial&durationMinutes=30&from=${sunday}T01:30&to=${sunday}T12:00` +
        `&courtroomId=${london.courtroom.id}&judgeId=${london.judge.id}`,
      { token: london.clerk.token },
    );
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['from']);
  });

  it('needs a token', async () => {
    expect((await t.http.get(query())).status).toBe(401);
  });
});
