import { createTestApp, TestApp } from '../../support/test-app';
import type { DefendantRow, World } from '../../support/factories';

describe('Opening a case', () => {
  let t: TestApp;
  let w: World;
  let a: DefendantRow;
  let b: DefendantRow;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
    // Registered by the court, and looked up by the procuratorate: both may name them in a case.
    a = await t.factory.defendant(w.center.id, { name: '张三', registeredBy: w.court.id });
    b = await t.factory.defendant(w.center.id, { name: '李四光', registeredBy: w.court.id });
    for (const d of [a, b]) await t.factory.grantDefendant(d.id, w.prosecutor);
  });
  afterAll(async () => {
    await t?.close();
  });

  let n = 0;
  const caseBody = (extra: Record<string, unknown> = {}) => ({
    caseNumber: `(2026)京0105刑初${++n}号`,
    courtId: w.court.id,
    procuratorateId: w.procuratorate.id,
    prosecutorId: w.prosecutor.id,
    procedure: 'speedy',
    defendants: [
      { defendantId: a.id, defenseLawyerId: w.lawyer.id, charges: [' 盗窃罪 '] },
      { defendantId: b.id, charges: ['诈骗罪', '盗窃罪'] },
    ],
    ...extra,
  });
  const counts = async () =>
    (
      await t.sql.query(
        `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_defendants) AS links, (SELECT count(*) FROM audit_log) AS audits`,
      )
    ).rows[0];
  const fieldsOf = (res: { body: { errors: { field: string }[] } }) =>
    [...new Set(res.body.errors.map((e) => e.field))].sort();

  it('lets a clerk open a case in their court, answered with its defendants in the order given, names masked', async () => {
    const body = caseBody();
    const res = await t.http.post('/cases', body, { token: w.clerk.token });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      caseNumber: body.caseNumber,
      courtId: w.court.id,
      procuratorateId: w.procuratorate.id,
      prosecutorId: w.prosecutor.id,
      procedure: 'speedy',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      defendants: [
        {
          defendantId: a.id,
          name: '张*',
          detentionCenterId: w.center.id,
          custodyStatus: 'detained',
          defenseLawyerId: w.lawyer.id,
          charges: ['盗窃罪'],
        },
        {
          defendantId: b.id,
          name: '李**',
          detentionCenterId: w.center.id,
          custodyStatus: 'detained',
          defenseLawyerId: null,
          charges: ['诈骗罪', '盗窃罪'],
        },
      ],
    });
    expect((await t.http.get(`/cases/${res.body.id}`, { token: w.clerk.token })).body).toEqual(res.body);
  });

  it('keeps a dozen defendants in the order given, not in the order of their ids', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await t.factory.defendant(w.center.id, { registeredBy: w.court.id })).id);
    ids.sort().reverse();
    const res = await t.http.post(
      '/cases',
      caseBody({ defendants: ids.map((defendantId) => ({ defendantId, charges: ['盗窃罪'] })) }),
      { token: w.clerk.token },
    );
    expect(res.status).toBe(201);
    expect(res.body.defendants.map((d: { defendantId: string }) => d.defendantId)).toEqual(ids);
    const got = await t.http.get(`/cases/${res.body.id}`, { token: w.judge.token });
    expect(got.body.defendants.map((d: { defendantId: string }) => d.defendantId)).toEqual(ids);
  });

  it('orders defendants added within one millisecond by when they were added, to the microsecond', async () => {
    const ids = [(await t.factory.defendant(w.center.id)).id, (await t.factory.defendant(w.center.id)).id]
      .sort()
      .reverse();
    const kase = await t.factory.case({
      courtId: w.court.id,
      procuratorateId: w.procuratorate.id,
      prosecutorId: w.prosecutor.id,
    });
    for (const [i, id] of ids.entries()) {
      await t.sql.query(`INSERT INTO case_defendants (case_id, defendant_id, added_at) VALUES ($1, $2, $3)`, [
        kase.id,
        id,
        `2026-03-01 08:00:00.00010${i}+00`,
      ]);
    }
    const got = await t.http.get(`/cases/${kase.id}`, { token: w.clerk.token });
    expect(got.body.defendants.map((d: { defendantId: string }) => d.defendantId)).toEqual(ids);
  });

  it('lets a prosecutor open a case of their procuratorate, and an admin any case', async () => {
    expect(
      (await t.http.post('/cases', caseBody({ procedure: 'summary' }), { token: w.prosecutor.token })).status,
    ).toBe(201);
    expect((await t.http.post('/cases', caseBody({ procedure: 'ordinary' }), { token: t.adminToken })).status).toBe(
      201,
    );
  });

  it('writes one audit row, names masked', async () => {
    const res = await t.http.post('/cases', caseBody(), {
      token: w.prosecutor.token,
      headers: { 'x-request-id': 'case-open-7' },
    });
    const audit = await t.sql.query(
      `SELECT action, entity_type, actor_id, before, after, request_id FROM audit_log WHERE entity_id = $1`,
      [res.body.id],
    );
    expect(audit.rows).toEqual([
      {
        action: 'create',
        entity_type: 'case',
        actor_id: w.prosecutor.id,
        before: null,
        request_id: 'case-open-7',
        after: {
          caseNumber: res.body.caseNumber,
          courtId: w.court.id,
          procuratorateId: w.procuratorate.id,
          prosecutorId: w.prosecutor.id,
          procedure: 'speedy',
          defendants: [
            { defendantId: a.id, name: '张*', defenseLawyerId: w.lawyer.id, charges: ['盗窃罪'] },
            { defendantId: b.id, name: '李**', defenseLawyerId: null, charges: ['诈骗罪', '盗窃罪'] },
          ],
        },
      },
    ]);
    expect(JSON.stringify(audit.rows)).not.toMatch(/张三|李四光/);
  });

  it('refuses the same case number twice in one court with 409 CASE_NUMBER_TAKEN, writing nothing', async () => {
    const body = caseBody();
    expect((await t.http.post('/cases', body, { token: w.clerk.token })).status).toBe(201);
    const before = await counts();
    const again = await t.http.post(
      '/cases',
      { ...body, caseNumber: ` ${body.caseNumber} `, procedure: 'ordinary' },
      { token: w.prosecutor.token },
    );
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(again.body).toMatchObject({
      code: 'CASE_NUMBER_TAKEN',
      status: 409,
      detail: expect.stringContaining(body.caseNumber),
    });
    expect(await counts()).toEqual(before);
    // Another court may use the same number.
    const o = await t.factory.world();
    const elsewhere = await t.http.post('/cases', { ...body, courtId: o.court.id }, { token: t.adminToken });
    expect(elsewhere.status).toBe(201);
  });

  it('lets only one of two clerks racing with the same case number win; the other gets CASE_NUMBER_TAKEN', async () => {
    const body = caseBody();
    const results = await Promise.all([
      t.http.post('/cases', body, { token: w.clerk.token }),
      t.http.post('/cases', body, { token: t.adminToken }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('CASE_NUMBER_TAKEN');
    const rows = await t.sql.query(`SELECT count(*) FROM cases WHERE case_number = $1`, [body.caseNumber]);
    expect(Number(rows.rows[0].count)).toBe(1);
  });

  it('names a court, procuratorate or prosecutor that is not what it should be, writing nothing', async () => {
    const o = await t.factory.world();
    const inactive = await t.factory.user('prosecutor', w.procuratorate.id, { active: false });
    const before = await counts();
    const missing = '00000000-0000-4000-8000-000000000000';
    const tries: [Record<string, unknown>, Record<string, string>][] = [
      [{ courtId: w.procuratorate.id }, { courtId: 'is a procuratorate, not a court' }],
      [{ courtId: missing }, { courtId: 'no organization has this id' }],
      [
        { procuratorateId: w.court.id },
        {
          procuratorateId: 'is a court, not a procuratorate',
          prosecutorId: 'is not a prosecutor of this procuratorate',
        },
      ],
      [{ prosecutorId: w.judge.id }, { prosecutorId: 'is a judge, not a prosecutor' }],
      [{ prosecutorId: o.prosecutor.id }, { prosecutorId: 'is not a prosecutor of this procuratorate' }],
      [{ prosecutorId: inactive.id }, { prosecutorId: 'no active user has this id' }],
      [{ prosecutorId: missing }, { prosecutorId: 'no active user has this id' }],
    ];
    for (const [change, expected] of tries) {
      const res = await t.http.post('/cases', caseBody(change), { token: t.adminToken });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(
        Object.fromEntries(res.body.errors.map((e: { field: string; message: string }) => [e.field, e.message])),
      ).toEqual(expected);
    }
    expect(await counts()).toEqual(before);
  });

  it('names the defendant entry at fault: unknown, listed twice, or a defense lawyer who is not a lawyer', async () => {
    const before = await counts();
    const res = await t.http.post(
      '/cases',
      caseBody({
        defendants: [
          { defendantId: a.id, defenseLawyerId: w.clerk.id, charges: ['盗窃罪'] },
          { defendantId: '00000000-0000-4000-8000-000000000000', charges: ['盗窃罪'] },
          { defendantId: a.id, defenseLawyerId: '00000000-0000-4000-8000-000000000001', charges: ['盗窃罪'] },
        ],
      }),
      { token: w.clerk.token },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'defendants[0].defenseLawyerId', message: 'is a clerk, not a lawyer' },
      { field: 'defendants[1].defendantId', message: 'no defendant with this id is visible to you' },
      { field: 'defendants[2].defendantId', message: 'this defendant is listed more than once' },
      { field: 'defendants[2].defenseLawyerId', message: 'no active user has this id' },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('names malformed fields, nested ones by their path', async () => {
    const res = await t.http.post(
      '/cases',
      {
        caseNumber: '  ',
        courtId: 'court-1',
        procuratorateId: 12,
        prosecutorId: null,
        procedure: 'express',
        defendants: [
          { defendantId: 'x', defenseLawyerId: 'y', charges: [], extra: true },
          { defendantId: a.id, charges: [' '] },
        ],
        judgeId: w.judge.id,
      },
      { token: t.adminToken },
    );
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual([
      'caseNumber',
      'courtId',
      'defendants[0].charges',
      'defendants[0].defendantId',
      'defendants[0].defenseLawyerId',
      'defendants[0].extra',
      'defendants[1].charges',
      'judgeId',
      'procedure',
      'procuratorateId',
      'prosecutorId',
    ]);
    const none = await t.http.post('/cases', caseBody({ defendants: [] }), { token: t.adminToken });
    expect(fieldsOf(none)).toEqual(['defendants']);
    const notList = await t.http.post('/cases', caseBody({ defendants: { defendantId: a.id } }), {
      token: t.adminToken,
    });
    expect(notList.status).toBe(400);
    expect(fieldsOf(notList)).toContain('defendants');
  });

  it('forbids a clerk of another court, a prosecutor of another procuratorate, and judges, lawyers and officers', async () => {
    const o = await t.factory.world();
    const before = await counts();
    const otherClerk = await t.http.post('/cases', caseBody(), { token: o.clerk.token });
    expect(otherClerk.status).toBe(403);
    expect(otherClerk.body.code).toBe('FORBIDDEN');
    expect((await t.http.post('/cases', caseBody(), { token: o.prosecutor.token })).status).toBe(403);
    for (const user of [w.judge, w.lawyer, w.officer]) {
      expect((await t.http.post('/cases', caseBody(), { token: user.token })).status).toBe(403);
    }
    expect(await counts()).toEqual(before);
  });
});
