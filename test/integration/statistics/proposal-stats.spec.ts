import { DateTime } from 'luxon';
import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';
import { leniencyPath } from '../leniency/support';

/**
 * GET /stats/proposals against small datasets counted by hand, each record taken through the leniency routes with
 * dates computed from now: the last proposal against the sentence, window boundaries in the procuratorate's zone,
 * visibility.
 */
describe('sentencing-proposal accuracy statistics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const iso = (dt: DateTime): string => dt.toUTC().toISO({ suppressMilliseconds: true })!;

  type Proposal =
    | { kind: 'definite'; penalty: 'fixed_term' | 'criminal_detention'; termMonths: number }
    | { kind: 'definite'; penalty: 'fine_only'; fineYuan: number }
    | { kind: 'range'; penalty: 'fixed_term'; minMonths: number; maxMonths: number };

  interface Decided {
    /** In order: the last one is in force. */
    proposals: Proposal[];
    decision: 'adopted' | 'adopted_after_adjustment' | 'not_adopted_lighter' | 'not_adopted_heavier';
    sentenceMonths: number;
    decidedAt: DateTime;
  }

  /** A new defendant of a new case of `w`, its record taken to the court's decision; the steps 10..5 days before. */
  async function decided(w: World, d: Decided): Promise<void> {
    const defendant = await t.factory.defendant(w.center.id);
    const kase = await t.factory.case({
      courtId: w.court.id,
      procuratorateId: w.procuratorate.id,
      prosecutorId: w.prosecutor.id,
      defendants: [{ defendantId: defendant.id, defenseLawyerId: w.lawyer.id }],
    });
    const p = leniencyPath(w, defendant.id, kase.id);
    const day = (n: number) => iso(d.decidedAt.minus({ days: n }));
    const steps: [string, Record<string, unknown>, string][] = [
      ['inform', { at: day(10) }, w.prosecutor.token],
      ['accept', { at: day(9) }, w.prosecutor.token],
      ...d.proposals.map((proposal, i): [string, Record<string, unknown>, string] => [
        'proposals',
        { ...proposal, probation: false, proposedAt: iso(d.decidedAt.minus({ days: 8, hours: -i })) },
        w.prosecutor.token,
      ]),
      ['affidavit', { signedAt: day(7), witnessLawyerId: w.lawyer.id, procedure: 'speedy' }, w.prosecutor.token],
      ['conclude', { concludedAt: day(6), leniencyApplied: true }, w.prosecutor.token],
      [
        'decision',
        { decision: d.decision, sentenceMonths: d.sentenceMonths, probation: false, decidedAt: iso(d.decidedAt) },
        w.judge.token,
      ],
    ];
    for (const [action, body, token] of steps) {
      const res = await t.http.post(`${p}/${action}`, body, { token });
      if (res.status !== 200) throw new Error(`${action}: ${res.status} ${res.text}`);
    }
  }

  const stats = (query: Record<string, string>, token: string, headers?: Record<string, string>) =>
    t.http.get(`/stats/proposals?${new URLSearchParams(query).toString()}`, { token, headers });

  const noDistribution = {
    lighter1to3: 0,
    lighter4to6: 0,
    lighter7to12: 0,
    lighter13to24: 0,
    lighter25plus: 0,
    heavier1to3: 0,
    heavier4to6: 0,
    heavier7to12: 0,
    heavier13to24: 0,
    heavier25plus: 0,
  };
  const emptyRow = {
    decided: 0,
    withinProposal: 0,
    accuracyRate: null,
    lighter: 0,
    heavier: 0,
    meanDistanceMonths: null,
    meanLighterMonths: null,
    meanHeavierMonths: null,
    ...noDistribution,
  };
  const GROUPS = [
    'overall:all',
    'penalty:fixed_term',
    'penalty:criminal_detention',
    'penalty:public_surveillance',
    'penalty:fine_only',
    'proposalKind:definite',
    'proposalKind:range',
  ];

  it('compares the last proposal with the sentence: within, lighter and heavier apart, by penalty and by kind', async () => {
    const zone = 'Asia/Shanghai';
    const w = await t.factory.world({ timeZone: zone });
    const at = DateTime.now().setZone(zone).startOf('day').minus({ days: 30 }).set({ hour: 10 });
    const fixed = (termMonths: number): Proposal => ({ kind: 'definite', penalty: 'fixed_term', termMonths });
    const range = (minMonths: number, maxMonths: number): Proposal => ({
      kind: 'range',
      penalty: 'fixed_term',
      minMonths,
      maxMonths,
    });
    // Distances by hand: 0, 0, +6 (18 over 6-12), -2 (3 under a definite 5), 0 (12 within the adjusted 10-14; the
    // first proposal of 24 months is not in force), +6 (a fine only: 0 months proposed).
    await decided(w, { proposals: [fixed(12)], decision: 'adopted', sentenceMonths: 12, decidedAt: at });
    await decided(w, { proposals: [range(6, 12)], decision: 'adopted', sentenceMonths: 9, decidedAt: at });
    await decided(w, { proposals: [range(6, 12)], decision: 'not_adopted_heavier', sentenceMonths: 18, decidedAt: at });
    await decided(w, {
      proposals: [{ kind: 'definite', penalty: 'criminal_detention', termMonths: 5 }],
      decision: 'not_adopted_lighter',
      sentenceMonths: 3,
      decidedAt: at,
    });
    await decided(w, {
      proposals: [fixed(24), range(10, 14)],
      decision: 'adopted_after_adjustment',
      sentenceMonths: 12,
      decidedAt: at,
    });
    await decided(w, {
      proposals: [{ kind: 'definite', penalty: 'fine_only', fineYuan: 5000 }],
      decision: 'not_adopted_heavier',
      sentenceMonths: 6,
      decidedAt: at,
    });
    // Decided before the window: not counted.
    await decided(w, {
      proposals: [fixed(12)],
      decision: 'not_adopted_heavier',
      sentenceMonths: 40,
      decidedAt: at.minus({ days: 20 }),
    });

    const window = { from: at.minus({ days: 5 }).toISODate()!, to: at.plus({ days: 5 }).toISODate()! };
    const res = await stats(window, w.prosecutor.token);
    expect(res.status).toBe(200);
    expect(res.body.timeZone).toBe(zone);
    expect(res.body.definitions.accuracyRate).toBe('withinProposal / decided');
    expect(res.body.definitions.window).toMatch(/decision date/);
    expect(res.body.rows.map((r: { groupBy: string; group: string }) => `${r.groupBy}:${r.group}`)).toEqual(GROUPS);
    const [overall, fixedTerm, detention, surveillance, fineOnly, definite, ranges] = res.body.rows;
    expect(overall).toEqual({
      groupBy: 'overall',
      group: 'all',
      decided: 6,
      withinProposal: 3,
      accuracyRate: 0.5,
      lighter: 1,
      heavier: 2,
      meanDistanceMonths: 2.33, // (0 + 0 + 6 + 2 + 0 + 6) / 6
      meanLighterMonths: 2,
      meanHeavierMonths: 6,
      ...noDistribution,
      lighter1to3: 1,
      heavier4to6: 2,
    });
    expect(fixedTerm).toMatchObject({ decided: 4, withinProposal: 3, accuracyRate: 0.75, heavier: 1, lighter: 0 });
    expect(fixedTerm.meanDistanceMonths).toBe(1.5);
    expect(detention).toMatchObject({ decided: 1, lighter: 1, lighter1to3: 1, accuracyRate: 0, meanLighterMonths: 2 });
    expect(surveillance).toEqual({ groupBy: 'penalty', group: 'public_surveillance', ...emptyRow });
    expect(fineOnly).toMatchObject({ decided: 1, heavier: 1, heavier4to6: 1, meanHeavierMonths: 6 });
    expect(definite).toMatchObject({ decided: 3, withinProposal: 1, accuracyRate: 0.3333 });
    expect(ranges).toMatchObject({ decided: 3, withinProposal: 2, accuracyRate: 0.6667, heavier: 1 });

    // Widened to the earlier decision: 40 months over a definite 12 is 28 heavier.
    const wider = await stats({ ...window, from: at.minus({ days: 25 }).toISODate()! }, w.prosecutor.token);
    expect(wider.body.rows[0]).toMatchObject({ decided: 7, heavier: 3, heavier25plus: 1, meanHeavierMonths: 13.33 });

    // A window with nothing decided in it.
    const empty = await stats(
      { from: at.minus({ days: 100 }).toISODate()!, to: at.minus({ days: 90 }).toISODate()! },
      w.prosecutor.token,
    );
    expect(empty.body.rows).toEqual(
      GROUPS.map((g) => ({ groupBy: g.split(':')[0], group: g.split(':')[1], ...emptyRow })),
    );
  });

  it("dates a decision in the procuratorate's zone: 23:30 on the window's last day counts, 00:30 after it not", async () => {
    // São Paulo is UTC-3 all year: 23:30 there is 02:30 UTC the next day.
    const zone = 'America/Sao_Paulo';
    const w = await t.factory.world({ timeZone: zone });
    const day = DateTime.now().setZone(zone).startOf('day').minus({ days: 20 });
    const proposal: Proposal = { kind: 'definite', penalty: 'fixed_term', termMonths: 12 };
    await decided(w, {
      proposals: [proposal],
      decision: 'adopted',
      sentenceMonths: 12,
      decidedAt: day.set({ hour: 23, minute: 30 }),
    });
    await decided(w, {
      proposals: [proposal],
      decision: 'not_adopted_lighter',
      sentenceMonths: 10,
      decidedAt: day.plus({ days: 1 }).set({ hour: 0, minute: 30 }),
    });
    const rowOf = async (from: DateTime, to: DateTime) => {
      const res = await stats({ from: from.toISODate()!, to: to.toISODate()! }, w.clerk.token);
      return [res.status, res.body.rows[0].decided, res.body.rows[0].lighter];
    };
    expect(await rowOf(day.minus({ days: 3 }), day)).toEqual([200, 1, 0]);
    expect(await rowOf(day.plus({ days: 1 }), day.plus({ days: 1 }))).toEqual([200, 1, 1]);
    expect(await rowOf(day, day.plus({ days: 1 }))).toEqual([200, 2, 1]);
    // A clerk's answer dates each record in its own procuratorate's zone: no single zone to name.
    expect((await stats({ from: day.toISODate()!, to: day.toISODate()! }, w.clerk.token)).body.timeZone).toBeNull();
  });

  it("counts only the caller's records; 403 for another procuratorate, officers and lawyers", async () => {
    const mine = await t.factory.world();
    const theirs = await t.factory.world();
    const at = DateTime.now().setZone('Asia/Shanghai').minus({ days: 15 });
    const proposal: Proposal = { kind: 'definite', penalty: 'fixed_term', termMonths: 12 };
    const one = { proposals: [proposal], decision: 'adopted' as const, sentenceMonths: 12, decidedAt: at };
    await decided(mine, one);
    await decided(theirs, one);
    await decided(theirs, { ...one, decidedAt: at.plus({ hours: 1 }) });
    const window = { from: at.minus({ days: 2 }).toISODate()!, to: at.plus({ days: 2 }).toISODate()! };
    const count = async (token: string, extra: Record<string, string> = {}) => {
      const res = await stats({ ...window, ...extra }, token);
      return res.status === 200 ? res.body.rows[0].decided : res.status;
    };
    expect(await count(mine.prosecutor.token)).toBe(1);
    expect(await count(theirs.prosecutor.token)).toBe(2);
    expect(await count(mine.judge.token)).toBe(1);
    expect(await count(theirs.clerk.token)).toBe(2);
    expect(await count(theirs.prosecutor.token, { prosecutorId: theirs.prosecutor.id })).toBe(2);
    expect(await count(mine.prosecutor.token, { prosecutorId: theirs.prosecutor.id })).toBe(0);
    expect(await count(mine.prosecutor.token, { procuratorateId: theirs.procuratorate.id })).toBe(403);
    expect(await count(mine.officer.token)).toBe(403);
    expect(await count(mine.lawyer.token)).toBe(403);
    const admin = await t.factory.user('admin', null);
    expect(await count(admin.token, { procuratorateId: theirs.procuratorate.id })).toBe(2);
    expect(await count(admin.token, { procuratorateId: mine.procuratorate.id })).toBe(1);
    expect(await count(admin.token)).toBeGreaterThanOrEqual(3);
  });

  it('answers the same rows as CSV with Accept: text/csv', async () => {
    const w = await t.factory.world();
    const at = DateTime.now().setZone('Asia/Shanghai').minus({ days: 12 });
    await decided(w, {
      proposals: [{ kind: 'range', penalty: 'fixed_term', minMonths: 6, maxMonths: 12 }],
      decision: 'not_adopted_lighter',
      sentenceMonths: 1,
      decidedAt: at,
    });
    const query = { from: at.toISODate()!, to: at.toISODate()! };
    const csv = await stats(query, w.prosecutor.token, { accept: 'text/csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const raw = await fetch(t.http.url(`/stats/proposals?${new URLSearchParams(query).toString()}`), {
      headers: { accept: 'text/csv', authorization: `Bearer ${w.prosecutor.token}` },
    });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'groupBy,group,decided,withinProposal,accuracyRate,lighter,heavier,meanDistanceMonths,meanLighterMonths,' +
        'meanHeavierMonths,lighter1to3,lighter4to6,lighter7to12,lighter13to24,lighter25plus,heavier1to3,' +
        'heavier4to6,heavier7to12,heavier13to24,heavier25plus',
    );
    // 1 month against 6-12: 5 lighter.
    expect(lines.slice(1)).toEqual([
      'overall,all,1,0,0,1,0,5,5,,0,1,0,0,0,0,0,0,0,0',
      'penalty,fixed_term,1,0,0,1,0,5,5,,0,1,0,0,0,0,0,0,0,0',
      'penalty,criminal_detention,0,0,,0,0,,,,0,0,0,0,0,0,0,0,0,0',
      'penalty,public_surveillance,0,0,,0,0,,,,0,0,0,0,0,0,0,0,0,0',
      'penalty,fine_only,0,0,,0,0,,,,0,0,0,0,0,0,0,0,0,0',
      'proposalKind,definite,0,0,,0,0,,,,0,0,0,0,0,0,0,0,0,0',
      'proposalKind,range,1,0,0,1,0,5,5,,0,1,0,0,0,0,0,0,0,0',
    ]);
  });

  it('refuses bad windows and unknown ids with 400 naming the field', async () => {
    const w = await t.factory.world();
    const admin = await t.factory.user('admin', null);
    const field = async (query: Record<string, string>, token = admin.token) => {
      const res = await stats(query, token);
      expect(res.headers.get('content-type') ?? '').toMatch(res.status === 200 ? /json/ : /problem\+json/);
      return [res.status, res.body.errors && [...new Set(res.body.errors.map((e: { field: string }) => e.field))]];
    };
    expect(await field({ from: '2027-02-01', to: '2027-01-31' })).toEqual([400, ['to']]);
    expect(await field({ from: '1999-12-31', to: '2000-01-31' })).toEqual([400, ['from']]);
    expect(await field({ from: '2027-13-01', to: '2028-01-31' })).toEqual([400, ['from']]);
    expect(await field({ from: '2027-01-01', to: '2027-01-01' })).toEqual([200, undefined]);
    const window = { from: '2027-01-01', to: '2027-01-31' };
    expect(await field({ ...window, procuratorateId: w.court.id })).toEqual([400, ['procuratorateId']]);
    expect(await field({ ...window, prosecutorId: w.clerk.id })).toEqual([400, ['prosecutorId']]);
    expect(await field({ ...window, prosecutorId: '00000000-0000-4000-8000-000000000000' })).toEqual([
      400,
      ['prosecutorId'],
    ]);
    expect(await field({ ...window, courtId: w.court.id })).toEqual([400, ['courtId']]);
  });
});
