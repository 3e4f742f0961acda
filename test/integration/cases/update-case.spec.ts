import { createTestApp, TestApp } from '../../support/test-app';
import type { CaseRow, DefendantRow, World } from '../../support/factories';

describe('Changing a case: procedure, prosecutor, defendants, defense lawyers', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
  });
  afterAll(async () => {
    await t?.close();
  });

  const counts = async () =>
    (
      await t.sql.query(
        `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_defendants) AS links,
            (SELECT string_agg(coalesce(defense_lawyer_id::text, '-'), ',' ORDER BY case_id, defendant_id) FROM case_defendants) AS lawyers,
            (SELECT string_agg(procedure || prosecutor_id, ',' ORDER BY id) FROM cases) AS cases_state,
            (SELECT count(*) FROM audit_log) AS audits`,
      )
    ).rows[0];
  const errorsOf = (res: { body: { errors: { field: string; message: string }[] } }) =>
    Object.fromEntries(res.body.errors.map((e) => [e.field, e.message]));

  /** A fresh case of the world's court and procuratorate, with two defendants: the first defended by w.lawyer. */
  async function freshCase(): Promise<{ kase: CaseRow; first: DefendantRow; second: DefendantRow }> {
    const first = await t.factory.defendant(w.center.id, { name: '周一' });
    const second = await t.factory.defendant(w.center.id, { name: '吴二' });
    const kase = await t.factory.case({
      courtId: w.court.id,
      procuratorateId: w.procuratorate.id,
      prosecutorId: w.prosecutor.id,
      defendants: [{ defendantId: first.id, defenseLawyerId: w.lawyer.id }, { defendantId: second.id }],
    });
    return { kase, first, second };
  }

  it('lets a clerk change the procedure, audited before and after', async () => {
    const { kase } = await freshCase();
    const res = await t.http.patch(`/cases/${kase.id}`, { procedure: 'ordinary' }, { token: w.clerk.token });
    expect(res.status).toBe(200);
    expect(res.body.procedure).toBe('ordinary');
    const audit = await t.sql.query(
      `SELECT action, entity_type, actor_id, before, after FROM audit_log WHERE entity_id = $1`,
      [kase.id],
    );
    expect(audit.rows).toEqual([
      expect.objectContaining({ action: 'update', entity_type: 'case', actor_id: w.clerk.id }),
    ]);
    expect(audit.rows[0].before.procedure).toBe('speedy');
    expect(audit.rows[0].after.procedure).toBe('ordinary');
    expect(audit.rows[0].after.defendants.map((d: { name: string }) => d.name)).toEqual(['周*', '吴*']);
  });

  it("lets a prosecutor assign, change and remove defense lawyers, and the lawyers' view follows", async () => {
    const { kase, first, second } = await freshCase();
    const other = await t.factory.user('lawyer', w.lawFirm.id);
    expect((await t.http.get(`/cases/${kase.id}`, { token: other.token })).status).toBe(404);
    const res = await t.http.patch(
      `/cases/${kase.id}`,
      {
        defenseLawyers: [
          { defendantId: second.id, defenseLawyerId: other.id },
          { defendantId: first.id, defenseLawyerId: null },
        ],
      },
      { token: w.prosecutor.token },
    );
    expect(res.status).toBe(200);
    expect(
      res.body.defendants.map((d: { defendantId: string; defenseLawyerId: string | null }) => [
        d.defendantId,
        d.defenseLawyerId,
      ]),
    ).toEqual([
      [first.id, null],
      [second.id, other.id],
    ]);
    expect((await t.http.get(`/cases/${kase.id}`, { token: other.token })).status).toBe(200);
    expect((await t.http.get(`/cases/${kase.id}`, { token: w.lawyer.token })).status).toBe(404);
  });

  it("adds a defendant held elsewhere, after the others, and that center's officer now sees the case", async () => {
    const { kase, first, second } = await freshCase();
    const otherCenter = await t.factory.organization('detention_center');
    const officer = await t.factory.user('detention_officer', otherCenter.id);
    const added = await t.factory.defendant(otherCenter.id, { name: '郑三', registeredBy: w.court.id });
    expect((await t.http.get(`/cases/${kase.id}`, { token: officer.token })).status).toBe(404);
    const res = await t.http.patch(
      `/cases/${kase.id}`,
      {
        addDefendants: [{ defendantId: added.id, defenseLawyerId: w.lawyer.id, charges: ['危险驾驶罪'] }],
      },
      { token: w.clerk.token },
    );
    expect(res.status).toBe(200);
    expect(res.body.defendants.map((d: { defendantId: string }) => d.defendantId)).toEqual([
      first.id,
      second.id,
      added.id,
    ]);
    expect(res.body.defendants[2]).toEqual({
      defendantId: added.id,
      name: '郑*',
      detentionCenterId: otherCenter.id,
      custodyStatus: 'detained',
      defenseLawyerId: w.lawyer.id,
      charges: ['危险驾驶罪'],
    });
    expect((await t.http.get(`/cases/${kase.id}`, { token: officer.token })).status).toBe(200);
  });

  it('hands the case to another prosecutor of the same procuratorate, not of another', async () => {
    const { kase } = await freshCase();
    const colleague = await t.factory.user('prosecutor', w.procuratorate.id);
    const res = await t.http.patch(`/cases/${kase.id}`, { prosecutorId: colleague.id }, { token: w.prosecutor.token });
    expect(res.status).toBe(200);
    expect(res.body.prosecutorId).toBe(colleague.id);
    const o = await t.factory.world();
    const before = await counts();
    const wrong = await t.http.patch(`/cases/${kase.id}`, { prosecutorId: o.prosecutor.id }, { token: t.adminToken });
    expect(wrong.status).toBe(400);
    expect(errorsOf(wrong)).toEqual({ prosecutorId: 'is not a prosecutor of this procuratorate' });
    expect(await counts()).toEqual(before);
  });

  it('names every wrong entry and changes nothing, not even the valid parts', async () => {
    const { kase, first, second } = await freshCase();
    const stranger = await t.factory.defendant(w.center.id, { registeredBy: w.court.id });
    const before = await counts();
    const res = await t.http.patch(
      `/cases/${kase.id}`,
      {
        procedure: 'summary',
        addDefendants: [
          { defendantId: first.id, charges: ['盗窃罪'] },
          { defendantId: '00000000-0000-4000-8000-000000000000', charges: ['盗窃罪'] },
          { defendantId: stranger.id, defenseLawyerId: w.officer.id, charges: ['盗窃罪'] },
          { defendantId: stranger.id, charges: ['盗窃罪'] },
        ],
        defenseLawyers: [
          { defendantId: second.id, defenseLawyerId: w.judge.id },
          { defendantId: stranger.id, defenseLawyerId: w.lawyer.id },
          { defendantId: second.id, defenseLawyerId: w.lawyer.id },
        ],
      },
      { token: w.clerk.token },
    );
    expect(res.status).toBe(400);
    expect(errorsOf(res)).toEqual({
      'addDefendants[0].defendantId': 'this defendant is already in the case',
      'addDefendants[1].defendantId': 'no defendant with this id is visible to you',
      'addDefendants[2].defenseLawyerId': 'is a detention officer, not a lawyer',
      'addDefendants[3].defendantId': 'this defendant is listed more than once',
      'defenseLawyers[0].defenseLawyerId': 'is a judge, not a lawyer',
      'defenseLawyers[1].defendantId': 'this defendant is not in the case',
      'defenseLawyers[2].defendantId': 'this defendant is listed more than once',
    });
    expect(await counts()).toEqual(before);
  });

  it('names malformed fields and fields that cannot be changed', async () => {
    const { kase, first } = await freshCase();
    const res = await t.http.patch(
      `/cases/${kase.id}`,
      {
        procedure: 'fast',
        prosecutorId: 'p',
        caseNumber: 'new',
        courtId: w.court.id,
        addDefendants: [{ defendantId: 'd', charges: 'theft' }],
        defenseLawyers: [{ defendantId: first.id }, { defendantId: first.id, defenseLawyerId: 'lawyer-1' }],
      },
      { token: t.adminToken },
    );
    expect(res.status).toBe(400);
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'addDefendants[0].charges',
      'addDefendants[0].defendantId',
      'caseNumber',
      'courtId',
      'defenseLawyers[0].defenseLawyerId',
      'defenseLawyers[1].defenseLawyerId',
      'procedure',
      'prosecutorId',
    ]);
    const emptyAdd = await t.http.patch(`/cases/${kase.id}`, { addDefendants: [] }, { token: t.adminToken });
    expect(emptyAdd.status).toBe(400);
    expect(emptyAdd.body.errors[0].field).toBe('addDefendants');
    const nullProcedure = await t.http.patch(`/cases/${kase.id}`, { procedure: null }, { token: t.adminToken });
    expect(nullProcedure.status).toBe(400);
  });

  it('writes nothing for a change that changes nothing', async () => {
    const { kase, first } = await freshCase();
    const before = await counts();
    const res = await t.http.patch(
      `/cases/${kase.id}`,
      {
        procedure: 'speedy',
        prosecutorId: w.prosecutor.id,
        defenseLawyers: [{ defendantId: first.id, defenseLawyerId: w.lawyer.id }],
      },
      { token: w.clerk.token },
    );
    expect(res.status).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it('answers 404 to a clerk or prosecutor who cannot see the case, and for an unknown case', async () => {
    const { kase } = await freshCase();
    const o = await t.factory.world();
    const before = await counts();
    for (const user of [o.clerk, o.prosecutor]) {
      const res = await t.http.patch(`/cases/${kase.id}`, { procedure: 'ordinary' }, { token: user.token });
      expect(res.status).toBe(404);
    }
    expect(
      (
        await t.http.patch(
          '/cases/00000000-0000-4000-8000-000000000000',
          { procedure: 'ordinary' },
          { token: t.adminToken },
        )
      ).status,
    ).toBe(404);
    const bad = await t.http.patch('/cases/123', { procedure: 'ordinary' }, { token: t.adminToken });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    expect(await counts()).toEqual(before);
  });

  it('applies two concurrent additions of the same defendant once', async () => {
    const { kase } = await freshCase();
    const extra = await t.factory.defendant(w.center.id, { registeredBy: w.court.id });
    await t.factory.grantDefendant(extra.id, w.prosecutor);
    const body = { addDefendants: [{ defendantId: extra.id, charges: ['盗窃罪'] }] };
    const results = await Promise.all([
      t.http.patch(`/cases/${kase.id}`, body, { token: w.clerk.token }),
      t.http.patch(`/cases/${kase.id}`, body, { token: w.prosecutor.token }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
    const loser = results.find((r) => r.status === 400)!;
    expect(loser.body.errors).toEqual([
      { field: 'addDefendants[0].defendantId', message: 'this defendant is already in the case' },
    ]);
    const rows = await t.sql.query(`SELECT count(*) FROM case_defendants WHERE case_id = $1`, [kase.id]);
    expect(Number(rows.rows[0].count)).toBe(3);
  });
});
