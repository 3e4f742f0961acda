import { createTestApp, TestApp } from '../../support/test-app';
import type { World } from '../../support/factories';

describe('Finding cases', () => {
  let t: TestApp;
  let w: World;
  let o: World;
  const mine = ['(2026)京0105刑初101号', '(2026)京0105刑初102号', '(2026)沪0101刑初101号', '(2026)沪0101刑初5%号'];
  beforeAll(async () => {
    t = await createTestApp();
    w = await t.factory.world();
    o = await t.factory.world();
    for (const [court, proc, prosecutor, caseNumber] of [
      [w.court.id, w.procuratorate.id, w.prosecutor.id, '(2026)京0105刑初101号'],
      [w.court.id, o.procuratorate.id, o.prosecutor.id, '(2026)京0105刑初102号'],
      [o.court.id, w.procuratorate.id, w.prosecutor.id, '(2026)沪0101刑初101号'],
      [o.court.id, o.procuratorate.id, o.prosecutor.id, '(2026)沪0101刑初5%号'],
    ]) {
      await t.factory.case({
        courtId: court,
        procuratorateId: proc,
        prosecutorId: prosecutor,
        caseNumber,
        defendants: [{ defendantId: (await t.factory.defendant(w.center.id)).id }],
      });
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const numbers = async (query: string, token = t.adminToken) => {
    const res = await t.http.get(`/cases${query}`, { token });
    expect(res.status).toBe(200);
    // Only the four cases made above (the worlds bring cases of their own).
    return res.body
      .map((c: { caseNumber: string }) => c.caseNumber)
      .filter((n: string) => mine.includes(n))
      .sort();
  };

  it('filters by court, by procuratorate and by part of the case number', async () => {
    expect(await numbers(`?courtId=${w.court.id}`)).toEqual(['(2026)京0105刑初101号', '(2026)京0105刑初102号']);
    expect(await numbers(`?procuratorateId=${w.procuratorate.id}`)).toEqual([
      '(2026)京0105刑初101号',
      '(2026)沪0101刑初101号',
    ]);
    expect(await numbers(`?q=${encodeURIComponent('刑初101')}`)).toEqual([
      '(2026)京0105刑初101号',
      '(2026)沪0101刑初101号',
    ]);
    expect(
      await numbers(`?q=${encodeURIComponent('沪')}&courtId=${o.court.id}&procuratorateId=${o.procuratorate.id}`),
    ).toEqual(['(2026)沪0101刑初5%号']);
    // A % typed by the user is a percent sign, not a wildcard.
    expect(await numbers(`?q=${encodeURIComponent('5%')}`)).toEqual(['(2026)沪0101刑初5%号']);
  });

  it('filters within what the caller may see', async () => {
    expect(await numbers(`?procuratorateId=${o.procuratorate.id}`, w.clerk.token)).toEqual(['(2026)京0105刑初102号']);
    expect(await numbers(`?courtId=${o.court.id}`, w.clerk.token)).toEqual([]);
  });

  it('returns at most limit cases, newest first', async () => {
    const res = await t.http.get('/cases?limit=2', { token: t.adminToken });
    expect(res.body).toHaveLength(2);
    expect(res.body[0].caseNumber).toBe('(2026)沪0101刑初5%号');
  });

  it('names malformed filters', async () => {
    const res = await t.http.get('/cases?courtId=1&procuratorateId=abc&limit=500&sort=asc', { token: t.adminToken });
    expect(res.status).toBe(400);
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'courtId',
      'limit',
      'procuratorateId',
      'sort',
    ]);
    const bad = await t.http.get('/cases/not-a-case', { token: t.adminToken });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
  });
});
