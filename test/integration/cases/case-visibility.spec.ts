import { createTestApp, TestApp } from '../../support/test-app';
import type { UserRow, World } from '../../support/factories';

/**
 * Who sees which case. Two sets of organizations, w and o:
 *   c1  w.court, w.procuratorate, defendant held in w.center defended by w.lawyer (the world's case)
 *   c2  o.court, o.procuratorate, defendant held in o.center defended by o.lawyer (the other world's case)
 *   c3  w.court, o.procuratorate, defendant held in o.center defended by o.lawyer
 *   c4  o.court, w.procuratorate, defendant held in w.center, no lawyer
 *   c5  o.court, o.procuratorate, one defendant held in o.center defended by w.lawyer, one with no lawyer
 */
describe('Case visibility, role by role', () => {
  let t: TestApp;
  let w: World;
  let o: World;
  const c: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
    o = await t.factory.world();
    c.c1 = w.case.id;
    c.c2 = o.case.id;
    c.c3 = (
      await t.factory.case({
        courtId: w.court.id,
        procuratorateId: o.procuratorate.id,
        prosecutorId: o.prosecutor.id,
        defendants: [{ defendantId: (await t.factory.defendant(o.center.id)).id, defenseLawyerId: o.lawyer.id }],
      })
    ).id;
    c.c4 = (
      await t.factory.case({
        courtId: o.court.id,
        procuratorateId: w.procuratorate.id,
        prosecutorId: w.prosecutor.id,
        defendants: [{ defendantId: (await t.factory.defendant(w.center.id)).id }],
      })
    ).id;
    c.c5 = (
      await t.factory.case({
        courtId: o.court.id,
        procuratorateId: o.procuratorate.id,
        prosecutorId: o.prosecutor.id,
        defendants: [
          { defendantId: (await t.factory.defendant(o.center.id)).id, defenseLawyerId: w.lawyer.id },
          { defendantId: (await t.factory.defendant(o.center.id)).id },
        ],
      })
    ).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The cases of this test the user sees, by list and by id (which must agree). */
  async function seenBy(user: Pick<UserRow, 'token'>): Promise<string[]> {
    const list = await t.http.get('/cases?limit=200', { token: user.token });
    expect(list.status).toBe(200);
    const listed = new Set(list.body.map((x: { id: string }) => x.id));
    const names = Object.entries(c)
      .filter(([, id]) => listed.has(id))
      .map(([name]) => name)
      .sort();
    for (const [name, id] of Object.entries(c)) {
      const one = await t.http.get(`/cases/${id}`, { token: user.token });
      expect([name, one.status]).toEqual([name, names.includes(name) ? 200 : 404]);
      if (one.status === 404) expect(one.body.code).toBe('NOT_FOUND');
    }
    return names;
  }

  it('admin sees every case', async () => {
    expect(await seenBy({ token: t.adminToken })).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
  });

  it("a clerk sees their court's cases", async () => {
    expect(await seenBy(w.clerk)).toEqual(['c1', 'c3']);
    expect(await seenBy(o.clerk)).toEqual(['c2', 'c4', 'c5']);
  });

  it("a judge sees their court's cases", async () => {
    expect(await seenBy(w.judge)).toEqual(['c1', 'c3']);
  });

  it("a prosecutor sees their procuratorate's cases, whoever prosecutes them", async () => {
    expect(await seenBy(w.prosecutor)).toEqual(['c1', 'c4']);
    const colleague = await t.factory.user('prosecutor', o.procuratorate.id);
    expect(await seenBy(colleague)).toEqual(['c2', 'c3', 'c5']);
  });

  it('a lawyer sees only the cases where they defend someone', async () => {
    expect(await seenBy(w.lawyer)).toEqual(['c1', 'c5']);
    expect(await seenBy(o.lawyer)).toEqual(['c2', 'c3']);
    const sameFirm = await t.factory.user('lawyer', w.lawFirm.id);
    expect(await seenBy(sameFirm)).toEqual([]);
  });

  it('a detention officer sees only the cases with a defendant held in their center', async () => {
    expect(await seenBy(w.officer)).toEqual(['c1', 'c4']);
    expect(await seenBy(o.officer)).toEqual(['c2', 'c3', 'c5']);
  });

  it('shows a lawyer the whole case they work on, co-defendants included', async () => {
    const res = await t.http.get(`/cases/${c.c5}`, { token: w.lawyer.token });
    expect(res.body.defendants).toHaveLength(2);
  });

  it('forbids judges, lawyers and officers to change a case they see', async () => {
    for (const user of [w.judge, w.lawyer, w.officer]) {
      const res = await t.http.patch(`/cases/${c.c1}`, { procedure: 'ordinary' }, { token: user.token });
      expect(res.status).toBe(403);
    }
  });
});
