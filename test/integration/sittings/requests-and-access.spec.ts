import { createTestApp, TestApp } from '../../support/test-app';
import { addDays } from '../../support/dates';
import { countRows, DAY, sittingBody, sittingWorld } from './support';

describe('Sittings: access and validation', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof sittingWorld>>;
  beforeAll(async () => {
    t = await createTestApp();
    s = await sittingWorld(t, { casesPerCenter: [4] });
  });
  afterAll(async () => {
    await t?.close();
  });

  const body = (extra: Record<string, unknown> = {}) =>
    sittingBody(
      s.w,
      s.cases.map((c) => ({ caseId: c.case.id, durationMinutes: 15 })),
      { dryRun: true, ...extra },
    );
  const fields = (res: { body: { errors?: Array<{ field: string }> } }) => res.body.errors?.map((e) => e.field);

  it('lets only an admin or a clerk of the court plan a sitting', async () => {
    expect((await t.http.post('/sittings', body(), { token: s.w.clerk.token })).status).toBe(200);
    expect((await t.http.post('/sittings', body(), { token: t.adminToken })).status).toBe(200);
    for (const token of [s.w.judge.token, s.w.prosecutor.token, s.w.lawyer.token, s.w.officer.token]) {
      expect((await t.http.post('/sittings', body(), { token })).status).toBe(403);
    }
    const otherCourt = await t.factory.organization('court');
    const otherClerk = await t.factory.user('clerk', otherCourt.id);
    const res = await t.http.post('/sittings', body(), { token: otherClerk.token });
    expect(res.status).toBe(403);
    expect((await t.http.post('/sittings', body())).status).toBe(401);
  });

  it('names the case that does not exist, is listed twice, or belongs elsewhere: cases[i].caseId', async () => {
    const cases = s.cases.map((c) => ({ caseId: c.case.id, durationMinutes: 15 }));
    const elsewhere = await t.factory.world();
    const otherProcuratorate = await t.factory.organization('procuratorate');
    const otherProsecutor = await t.factory.user('prosecutor', otherProcuratorate.id);
    const foreign = await t.factory.case({
      courtId: s.w.court.id,
      procuratorateId: otherProcuratorate.id,
      prosecutorId: otherProsecutor.id,
    });
    const res = await t.http.post(
      '/sittings',
      body({
        cases: [
          ...cases,
          { caseId: '00000000-0000-4000-8000-000000000000', durationMinutes: 15 },
          { caseId: cases[0].caseId, durationMinutes: 15 },
          { caseId: elsewhere.case.id, durationMinutes: 15 },
          { caseId: foreign.id, durationMinutes: 15 },
        ],
      }),
      { token: t.adminToken },
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual([
      { field: 'cases[4].caseId', message: 'no case with this id is visible to you' },
      { field: 'cases[5].caseId', message: 'is already listed as cases[0]' },
      { field: 'cases[6].caseId', message: 'is a case of another court' },
      { field: 'cases[7].caseId', message: "is prosecuted by another procuratorate than the sitting's prosecutor's" },
    ]);
  });

  it('names wrong parties of a case: cases[i].defendantIds[j], cases[i].defenseLawyerIds[j]', async () => {
    const cases = s.cases.map((c) => ({ caseId: c.case.id, durationMinutes: 15 }));
    cases[1] = { ...cases[1], defendantIds: [s.cases[2].defendantId] } as (typeof cases)[1];
    cases[3] = { ...cases[3], defenseLawyerIds: [s.w.judge.id] } as (typeof cases)[3];
    const res = await t.http.post('/sittings', body({ cases }), { token: s.w.clerk.token });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['cases[1].defendantIds[0]', 'cases[3].defenseLawyerIds[0]']);
  });

  it('names the judge, courtroom, prosecutor and court that do not fit the sitting', async () => {
    const elsewhere = await t.factory.world();
    const res = await t.http.post(
      '/sittings',
      body({
        judgeId: elsewhere.judge.id,
        courtroomId: elsewhere.courtroom.id,
        prosecutorId: s.w.lawyer.id,
      }),
      { token: s.w.clerk.token },
    );
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(expect.arrayContaining(['judgeId', 'courtroomId', 'prosecutorId']));
    const notACourt = await t.http.post('/sittings', body({ courtId: s.w.procuratorate.id }), { token: t.adminToken });
    expect(fields(notACourt)).toEqual(['courtId']);
  });

  it('names a wrong judge, courtroom or prosecutor once, however many cases it is checked with', async () => {
    const elsewhere = await t.factory.world();
    const res = await t.http.post(
      '/sittings',
      body({ judgeId: elsewhere.judge.id, courtroomId: elsewhere.courtroom.id, prosecutorId: s.w.judge.id }),
      { token: s.w.clerk.token },
    );
    expect(res.status).toBe(400);
    expect(fields(res)?.sort()).toEqual(['courtroomId', 'judgeId', 'prosecutorId']);
  });

  it('names a case whose attending defendants are held in two detention centers: cases[i].defendantIds', async () => {
    const otherCenter = await t.factory.organization('detention_center');
    const here = await t.factory.defendant(s.w.center.id);
    const there = await t.factory.defendant(otherCenter.id);
    const split = await t.factory.case({
      courtId: s.w.court.id,
      procuratorateId: s.w.procuratorate.id,
      prosecutorId: s.w.prosecutor.id,
      defendants: [{ defendantId: here.id }, { defendantId: there.id }],
    });
    const cases = [
      { caseId: s.cases[0].case.id, durationMinutes: 15 },
      { caseId: split.id, durationMinutes: 15 },
    ];
    const res = await t.http.post('/sittings', body({ cases }), { token: s.w.clerk.token });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['cases[1].defendantIds']);
    // One center's defendant alone is fine.
    cases[1] = { ...cases[1], defendantIds: [there.id] } as (typeof cases)[1];
    expect((await t.http.post('/sittings', body({ cases }), { token: s.w.clerk.token })).status).toBe(200);
  });

  it('refuses a window that ends before it starts or lasts over a day, a malformed time, a bad body', async () => {
    for (const [extra, field] of [
      [{ endsAt: `${DAY}T08:00` }, 'endsAt'],
      [{ endsAt: `${addDays(DAY, 2)}T08:00` }, 'endsAt'],
      [{ startsAt: 'soon' }, 'startsAt'],
      [{ gapMinutes: 200 }, 'gapMinutes'],
      [{ kind: 'plea_signing' }, 'courtId'],
      [{ cases: [] }, 'cases'],
      [{ cases: [{ caseId: s.cases[0].case.id, durationMinutes: 2 }] }, 'cases[0].durationMinutes'],
      [{ cases: [{ caseId: 'x', durationMinutes: 15 }] }, 'cases[0].caseId'],
      [{ cases: [{ caseId: s.cases[0].case.id, durationMinutes: 15, colour: 'red' }] }, 'cases[0].colour'],
      [{ dryRun: 'yes' }, 'dryRun'],
    ] as const) {
      const res = await t.http.post('/sittings', body(extra as Record<string, unknown>), { token: s.w.clerk.token });
      expect({ extra, status: res.status, fields: fields(res) }).toEqual({
        extra,
        status: 400,
        fields: expect.arrayContaining([field]),
      });
    }
  });

  it('refuses null for an optional field, naming it, and writes nothing', async () => {
    // {dryRun: null} booked the sitting for real (201); a null gap, kind or party list was read as absent.
    const before = await countRows(t);
    const one = (extra: Record<string, unknown>) => [{ caseId: s.cases[0].case.id, durationMinutes: 15, ...extra }];
    for (const [extra, field] of [
      [{ dryRun: null }, 'dryRun'],
      [{ gapMinutes: null }, 'gapMinutes'],
      [{ kind: null }, 'kind'],
      [{ cases: one({ defendantIds: null }) }, 'cases[0].defendantIds'],
      [{ cases: one({ defenseLawyerIds: null }) }, 'cases[0].defenseLawyerIds'],
    ] as const) {
      const res = await t.http.post('/sittings', { ...body(), ...extra }, { token: s.w.clerk.token });
      expect({ extra, status: res.status, fields: fields(res) }).toEqual({
        extra,
        status: 400,
        fields: expect.arrayContaining([field]),
      });
      expect(new Set(fields(res))).toEqual(new Set([field]));
    }
    expect(await countRows(t)).toEqual(before);
  });

  it('refuses a case that is a list rather than an object', async () => {
    const res = await t.http.post('/sittings', body({ cases: [[]] }), { token: s.w.clerk.token });
    expect([res.status, fields(res)]).toEqual([400, ['cases']]);
  });

  it('writes nothing for a refused request', async () => {
    const before = await countRows(t);
    await t.http.post('/sittings', body({ dryRun: false, endsAt: `${DAY}T08:00` }), { token: s.w.clerk.token });
    await t.http.post('/sittings', body({ dryRun: false }), { token: s.w.judge.token });
    expect(await countRows(t)).toEqual(before);
  });

  it('shows a sitting to the court and the prosecutors of its procuratorate, and hides it from others (404)', async () => {
    const created = await t.http.post('/sittings', body({ dryRun: false }), { token: s.w.clerk.token });
    expect(created.status).toBe(201);
    const path = `/sittings/${created.body.id}`;
    for (const token of [s.w.clerk.token, s.w.judge.token, s.w.prosecutor.token, t.adminToken])
      expect((await t.http.get(path, { token })).status).toBe(200);
    const otherCourt = await t.factory.organization('court');
    expect((await t.http.get(path, { token: (await t.factory.user('clerk', otherCourt.id)).token })).status).toBe(404);
    expect((await t.http.get(path, { token: s.w.lawyer.token })).status).toBe(404);
    expect(
      (await t.http.get('/sittings/00000000-0000-4000-8000-000000000000', { token: s.w.clerk.token })).status,
    ).toBe(404);
    expect(fields(await t.http.get('/sittings/nope', { token: s.w.clerk.token }))).toEqual(['id']);
  });

  it('answers 404 to every role that may not see a sitting, and shows it to its prosecutor and whoever sees its cases', async () => {
    // A sitting of its own prosecutor (another one of the procuratorate than the cases'), in the afternoon.
    const own = await t.factory.user('prosecutor', s.w.procuratorate.id);
    const created = await t.http.post(
      '/sittings',
      body({
        dryRun: false,
        prosecutorId: own.id,
        startsAt: `${DAY}T14:00`,
        endsAt: `${DAY}T17:30`,
        cases: s.cases.slice(0, 2).map((c) => ({ caseId: c.case.id, durationMinutes: 15 })),
      }),
      { token: s.w.clerk.token },
    );
    expect(created.status).toBe(201);
    const path = `/sittings/${created.body.id}`;
    const status = async (token: string) => (await t.http.get(path, { token })).status;

    const otherCourt = await t.factory.organization('court');
    const otherProcuratorate = await t.factory.organization('procuratorate');
    const otherCenter = await t.factory.organization('detention_center');
    const cases = s.cases.slice(0, 2);
    const visible: Array<[string, string]> = [
      ['admin', t.adminToken],
      ['clerk of the court', s.w.clerk.token],
      ['judge of the court', s.w.judge.token],
      ["the sitting's prosecutor", own.token],
      ['a prosecutor who sees its cases', s.w.prosecutor.token],
    ];
    const hidden: Array<[string, string]> = [
      ['clerk of another court', (await t.factory.user('clerk', otherCourt.id)).token],
      ['judge of another court', (await t.factory.user('judge', otherCourt.id)).token],
      ['prosecutor of another procuratorate', (await t.factory.user('prosecutor', otherProcuratorate.id)).token],
      ['lawyer of one of its cases', cases[0].lawyer.token],
      ['another lawyer', s.w.lawyer.token],
      ["officer of its defendants' center", s.w.officer.token],
      ['officer of another center', (await t.factory.user('detention_officer', otherCenter.id)).token],
    ];
    for (const [who, token] of visible) expect({ who, status: await status(token) }).toEqual({ who, status: 200 });
    for (const [who, token] of hidden) expect({ who, status: await status(token) }).toEqual({ who, status: 404 });
    const res = await t.http.get(path, { token: s.w.officer.token });
    expect(res.body.code).toBe('NOT_FOUND');
    // The same answer as for a sitting that does not exist.
    const none = await t.http.get('/sittings/00000000-0000-4000-8000-000000000000', { token: s.w.lawyer.token });
    expect([none.status, none.body.code]).toEqual([404, 'NOT_FOUND']);

    // Its prosecutor moves to another procuratorate: they still see their sitting, their new colleagues do not,
    // and the prosecutors of its cases' procuratorate still do.
    // (Their old token stops working with the move: they sign in again.)
    await t.sql.query(`UPDATE users SET organization_id = $2 WHERE id = $1`, [own.id, otherProcuratorate.id]);
    expect(await status(own.token)).toBe(401);
    expect(await status(await t.factory.tokenFor(own))).toBe(200);
    expect(await status(hidden[2][1])).toBe(404);
    expect(await status(s.w.prosecutor.token)).toBe(200);
  });

  it('is described in the OpenAPI document, with the plan of a dry run and the slot finder', async () => {
    const doc = (await t.http.get('/docs-json')).body;
    expect(Object.keys(doc.paths['/api/v1/sittings'].post.responses)).toEqual(
      expect.arrayContaining(['200', '201', '409', '422']),
    );
    expect(doc.paths['/api/v1/sittings/{id}'].get).toBeDefined();
    expect(doc.paths['/api/v1/sittings/{id}/cancel'].post).toBeDefined();
    expect(doc.components.schemas.CreateSittingDto.properties.cases.items).toEqual({
      $ref: '#/components/schemas/SittingCaseDto',
    });
    expect(doc.components.schemas.SittingPlanResponse.properties.hearings.items).toEqual({
      $ref: '#/components/schemas/PlannedHearingResponse',
    });
    const params = doc.paths['/api/v1/availability'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(
      expect.arrayContaining([
        'caseId',
        'kind',
        'durationMinutes',
        'from',
        'to',
        'limit',
        'defendantIds',
        'videoRoomId',
      ]),
    );
  });
});
