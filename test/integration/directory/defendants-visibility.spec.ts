import { createTestApp, TestApp } from '../../support/test-app';
import type { UserRow, World } from '../../support/factories';

/**
 * Who sees which defendant. Two sets of organizations (w and o); defendants:
 *   d1  in case w.case, held in w.center (the world's defendant, defended by w.lawyer)
 *   d2  in case o.case, held in o.center
 *   d3  in no case, held in o.center, registered by a clerk of w.court
 *   d4  co-defendant in w.case, held in o.center, no lawyer
 *   d5  in no case, held in w.center, registered by no one we know
 *   d6  in no case, held in o.center, registered by a prosecutor of w.procuratorate
 */
describe('Defendant visibility, role by role', () => {
  let t: TestApp;
  let w: World;
  let o: World;
  const d: Record<string, string> = {};
  let idle: UserRow;

  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
    o = await t.factory.world();
    d.d1 = w.defendant.id;
    d.d2 = o.defendant.id;
    const d3 = await t.http.post(
      '/defendants',
      { name: 'Registered by court', detentionCenterId: o.center.id },
      { token: w.clerk.token },
    );
    expect(d3.status).toBe(201);
    d.d3 = d3.body.id;
    d.d4 = (await t.factory.defendant(o.center.id)).id;
    await t.sql.query(`INSERT INTO case_defendants (case_id, defendant_id, charges) VALUES ($1, $2, '{fraud}')`, [
      w.case.id,
      d.d4,
    ]);
    d.d5 = (await t.factory.defendant(w.center.id)).id;
    const d6 = await t.http.post(
      '/defendants',
      { name: 'Registered by procuratorate', detentionCenterId: o.center.id },
      { token: w.prosecutor.token },
    );
    d.d6 = d6.body.id;
    idle = await t.factory.user('lawyer', w.lawFirm.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function seenBy(token: string): Promise<string[]> {
    const list = await t.http.get('/defendants?limit=200', { token });
    expect(list.status).toBe(200);
    const ours = new Set(Object.values(d));
    const listed = list.body.map((x: { id: string }) => x.id).filter((id: string) => ours.has(id));
    const names = Object.entries(d)
      .filter(([, id]) => listed.includes(id))
      .map(([name]) => name)
      .sort();
    // GET by id agrees with the list: 200 for the listed ones, 404 for the others.
    for (const [name, id] of Object.entries(d)) {
      const one = await t.http.get(`/defendants/${id}`, { token });
      expect([name, one.status]).toEqual([name, names.includes(name) ? 200 : 404]);
    }
    return names;
  }

  it('admin sees every defendant', async () => {
    expect(await seenBy(t.adminToken)).toEqual(['d1', 'd2', 'd3', 'd4', 'd5', 'd6']);
  });

  it("a clerk sees the defendants of their court's cases and those their court registered", async () => {
    expect(await seenBy(w.clerk.token)).toEqual(['d1', 'd3', 'd4']);
  });

  it('a judge sees the same as the clerks of their court', async () => {
    expect(await seenBy(w.judge.token)).toEqual(['d1', 'd3', 'd4']);
  });

  it("a prosecutor sees the defendants of their procuratorate's cases and those it registered", async () => {
    expect(await seenBy(w.prosecutor.token)).toEqual(['d1', 'd4', 'd6']);
  });

  it('a lawyer sees the defendants of the cases where they defend someone, and nobody else', async () => {
    expect(await seenBy(w.lawyer.token)).toEqual(['d1', 'd4']);
    expect(await seenBy(idle.token)).toEqual([]);
  });

  it('a detention officer sees the defendants held in their own center, in a case or not', async () => {
    expect(await seenBy(w.officer.token)).toEqual(['d1', 'd5']);
    expect(await seenBy(o.officer.token)).toEqual(['d2', 'd3', 'd4', 'd6']);
  });

  it('filters by center within what the caller may see', async () => {
    const list = await t.http.get(`/defendants?detentionCenterId=${o.center.id}`, { token: w.clerk.token });
    expect(list.body.map((x: { id: string }) => x.id).sort()).toEqual([d.d3, d.d4].sort());
  });
});
