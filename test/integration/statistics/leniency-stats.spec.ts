import { DateTime } from 'luxon';
import type { World } from '../../support/factories';
import { createTestApp, TestApp } from '../../support/test-app';
import { leniencyPath } from '../leniency/support';

/**
 * GET /stats/leniency against small datasets counted by hand, each made through the leniency API with dates
 * computed from now: periods with nothing in them, a month's boundary in the organization's zone, visibility.
 */
describe('plea-leniency statistics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const iso = (dt: DateTime): string => dt.toUTC().toISO({ suppressMilliseconds: true })!;

  interface Steps {
    /** The conclusion; the steps before it are 1..4 days before (the proposal 3 days before when made). */
    concludedAt: DateTime;
    leniencyApplied: boolean;
    proposal?: 'definite' | 'range';
    decision?: { decision: 'adopted' | 'not_adopted_heavier'; at: DateTime };
  }

  /** A new defendant of a new case of `w`'s procuratorate and court, taken through the steps as its prosecutor. */
  async function record(w: World, s: Steps): Promise<void> {
    const defendant = await t.factory.defendant(w.center.id);
    const kase = await t.factory.case({
      courtId: w.court.id,
      procuratorateId: w.procuratorate.id,
      prosecutorId: w.prosecutor.id,
      defendants: [{ defendantId: defendant.id, defenseLawyerId: w.lawyer.id }],
    });
    const p = leniencyPath(w, defendant.id, kase.id);
    const c = s.concludedAt;
    const steps: [string, Record<string, unknown>, string][] = [
      ['inform', { at: iso(c.minus({ days: 4 })) }, w.prosecutor.token],
      ['accept', { at: iso(c.minus({ days: 4 }).plus({ hours: 1 })) }, w.prosecutor.token],
    ];
    if (s.proposal === 'definite')
      steps.push([
        'proposals',
        {
          kind: 'definite',
          penalty: 'fixed_term',
          termMonths: 12,
          probation: false,
          proposedAt: iso(c.minus({ days: 3 })),
        },
        w.prosecutor.token,
      ]);
    if (s.proposal === 'range')
      steps.push([
        'proposals',
        {
          kind: 'range',
          penalty: 'fixed_term',
          minMonths: 6,
          maxMonths: 12,
          probation: true,
          proposedAt: iso(c.minus({ days: 3 })),
        },
        w.prosecutor.token,
      ]);
    if (s.leniencyApplied)
      steps.push([
        'affidavit',
        { signedAt: iso(c.minus({ days: 2 })), witnessLawyerId: w.lawyer.id, procedure: 'speedy' },
        w.prosecutor.token,
      ]);
    steps.push(['conclude', { concludedAt: iso(c), leniencyApplied: s.leniencyApplied }, w.prosecutor.token]);
    if (s.decision) {
      const adopted = s.decision.decision === 'adopted';
      const definite = s.proposal === 'definite';
      steps.push([
        'decision',
        {
          decision: s.decision.decision,
          sentenceMonths: adopted ? (definite ? 12 : 9) : 18,
          probation: adopted ? !definite : false,
          decidedAt: iso(s.decision.at),
        },
        w.judge.token,
      ]);
    }
    for (const [action, body, token] of steps) {
      const res = await t.http.post(`${p}/${action}`, body, { token });
      if (res.status !== 200) throw new Error(`${action}: ${res.status} ${res.text}`);
    }
  }

  const stats = (query: Record<string, string>, token: string, headers?: Record<string, string>) =>
    t.http.get(`/stats/leniency?${new URLSearchParams(query).toString()}`, { token, headers });

  const zeros = {
    personsConcluded: 0,
    personsWithLeniency: 0,
    applicationRate: null,
    proposals: 0,
    definiteProposals: 0,
    definiteShare: null,
    proposalsRuled: 0,
    adopted: 0,
    adoptedAfterAdjustment: 0,
    adoptionRate: null,
    adoptionRateOverProposalsMade: null,
    definiteRuled: 0,
    definiteAdopted: 0,
    definiteAdoptionRate: null,
    withdrawn: 0,
  };

  it('counts persons by month in the procuratorate zone: empty months get zeros and null rates', async () => {
    const w = await t.factory.world({ timeZone: 'Asia/Shanghai' });
    const zone = 'Asia/Shanghai';
    const now = DateTime.now().setZone(zone);
    const seventy = now.minus({ days: 70 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    const forty = now.minus({ days: 40 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    const decidedAt = now.minus({ days: 20 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    await record(w, {
      concludedAt: seventy,
      leniencyApplied: true,
      proposal: 'definite',
      decision: { decision: 'adopted', at: decidedAt },
    });
    await record(w, {
      concludedAt: seventy.plus({ hours: 2 }),
      leniencyApplied: true,
      proposal: 'range',
      decision: { decision: 'not_adopted_heavier', at: decidedAt },
    });
    await record(w, { concludedAt: forty, leniencyApplied: false });

    // From the month of 130 days ago (nothing in it) to today.
    const from = now.minus({ days: 130 }).startOf('month');
    const query = { from: from.toISODate()!, to: now.toISODate()!, groupBy: 'month' };
    const res = await stats(query, w.prosecutor.token);
    expect(res.status).toBe(200);
    expect(res.body.timeZone).toBe(zone);
    expect(res.body.definitions.applicationRate).toBe('personsWithLeniency / personsConcluded');
    const months: string[] = [];
    for (let m = from; m <= now; m = m.plus({ months: 1 })) months.push(m.toFormat('yyyy-MM'));
    expect(res.body.rows.map((r: { period: string }) => r.period)).toEqual(months);
    expect(res.body.rows[0]).toEqual({ period: months[0], ...zeros });

    // The sums by hand, each figure in the month of its own date.
    const expected = new Map<string, Record<string, number>>();
    const bump = (at: DateTime, fields: Record<string, number>) => {
      const key = at.setZone(zone).toFormat('yyyy-MM');
      const row = expected.get(key) ?? {};
      for (const [k, v] of Object.entries(fields)) row[k] = (row[k] ?? 0) + v;
      expected.set(key, row);
    };
    bump(seventy, { personsConcluded: 1, personsWithLeniency: 1 });
    bump(seventy.plus({ hours: 2 }), { personsConcluded: 1, personsWithLeniency: 1 });
    bump(forty, { personsConcluded: 1 });
    bump(seventy.minus({ days: 3 }), { proposals: 1, definiteProposals: 1 });
    bump(seventy.plus({ hours: 2 }).minus({ days: 3 }), { proposals: 1 });
    bump(decidedAt, { proposalsRuled: 2, adopted: 1, definiteRuled: 1, definiteAdopted: 1 });
    for (const row of res.body.rows) {
      const counts = expected.get(row.period) ?? {};
      for (const key of Object.keys(zeros).filter((k) => typeof (zeros as Record<string, unknown>)[k] === 'number'))
        expect([row.period, key, row[key]]).toEqual([row.period, key, counts[key] ?? 0]);
    }

    const all = await stats({ from: query.from, to: query.to }, w.prosecutor.token);
    expect(all.body.rows).toEqual([
      {
        period: `${query.from}/${query.to}`,
        personsConcluded: 3,
        personsWithLeniency: 2,
        applicationRate: 0.6667,
        proposals: 2,
        definiteProposals: 1,
        definiteShare: 0.5,
        proposalsRuled: 2,
        adopted: 1,
        adoptedAfterAdjustment: 0,
        adoptionRate: 0.5,
        adoptionRateOverProposalsMade: 0.5,
        definiteRuled: 1,
        definiteAdopted: 1,
        definiteAdoptionRate: 1,
        withdrawn: 0,
      },
    ]);
  });

  it("puts a conclusion at 23:30 on a month's last local day in that month, and 00:30 on the 1st in the next", async () => {
    // São Paulo is UTC-3 all year: 23:30 there is 02:30 UTC the next day, in the next month by UTC.
    const zone = 'America/Sao_Paulo';
    const w = await t.factory.world({ timeZone: zone });
    const month = DateTime.now().setZone(zone).minus({ months: 3 }).startOf('month');
    const lastEvening = month.endOf('month').set({ hour: 23, minute: 30, second: 0, millisecond: 0 });
    const nextMorning = month.plus({ months: 1 }).set({ hour: 0, minute: 30 });
    await record(w, { concludedAt: lastEvening, leniencyApplied: false });
    await record(w, { concludedAt: nextMorning, leniencyApplied: false });
    const res = await stats(
      {
        from: month.toISODate()!,
        to: month.plus({ months: 1 }).endOf('month').toISODate()!,
        groupBy: 'month',
        procuratorateId: w.procuratorate.id,
      },
      w.clerk.token,
    );
    expect(res.status).toBe(200);
    expect(res.body.timeZone).toBe(zone);
    expect(
      res.body.rows.map((r: { period: string; personsConcluded: number }) => [r.period, r.personsConcluded]),
    ).toEqual([
      [month.toFormat('yyyy-MM'), 1],
      [month.plus({ months: 1 }).toFormat('yyyy-MM'), 1],
    ]);
    expect(res.body.rows[0].applicationRate).toBe(0);
  });

  it("counts a record under review under the case's prosecutor of now, a concluded one under its conclusion's", async () => {
    const w = await t.factory.world();
    const [kept, withdrawing] = [await t.factory.defendant(w.center.id), await t.factory.defendant(w.center.id)];
    const kase = await t.factory.case({
      courtId: w.court.id,
      procuratorateId: w.procuratorate.id,
      prosecutorId: w.prosecutor.id,
      defendants: [{ defendantId: kept.id }, { defendantId: withdrawing.id }],
    });
    const at = DateTime.now().minus({ days: 30 });
    const step = async (defendantId: string, action: string, body: Record<string, unknown>) => {
      const res = await t.http.post(`${leniencyPath(w, defendantId, kase.id)}/${action}`, body, {
        token: w.prosecutor.token,
      });
      expect([action, res.status]).toEqual([action, 200]);
    };
    for (const d of [kept.id, withdrawing.id]) {
      await step(d, 'inform', { at: iso(at.minus({ days: 2 })) });
      await step(d, 'accept', { at: iso(at.minus({ days: 1 })) });
    }
    await step(kept.id, 'conclude', { concludedAt: iso(at), leniencyApplied: false });
    await step(withdrawing.id, 'withdraw', { at: iso(at), reason: 'changed their mind' });

    // The case goes to a colleague after the first record was concluded and while the second is under review.
    const colleague = await t.factory.user('prosecutor', w.procuratorate.id);
    const moved = await t.http.patch(
      `/cases/${kase.id}`,
      { prosecutorId: colleague.id },
      { token: w.prosecutor.token },
    );
    expect(moved.status).toBe(200);

    const window = { from: at.minus({ days: 5 }).toISODate()!, to: at.plus({ days: 5 }).toISODate()! };
    const figures = async (prosecutorId: string) => {
      const res = await stats({ ...window, prosecutorId }, w.prosecutor.token);
      return [res.status, res.body.rows[0].personsConcluded, res.body.rows[0].withdrawn];
    };
    expect(await figures(w.prosecutor.id)).toEqual([200, 1, 0]);
    expect(await figures(colleague.id)).toEqual([200, 0, 1]);
    const { rows } = await t.sql.query(
      `SELECT defendant_id, prosecutor_id FROM leniency_records WHERE case_id = $1 ORDER BY concluded_at NULLS LAST`,
      [kase.id],
    );
    expect(rows).toEqual([
      { defendant_id: kept.id, prosecutor_id: w.prosecutor.id },
      { defendant_id: withdrawing.id, prosecutor_id: colleague.id },
    ]);
  });

  it("counts only the caller's records: another procuratorate's are not counted; admins see all", async () => {
    const mine = await t.factory.world();
    const theirs = await t.factory.world();
    const at = DateTime.now().minus({ days: 50 });
    await record(mine, { concludedAt: at, leniencyApplied: false });
    await record(theirs, { concludedAt: at, leniencyApplied: false });
    await record(theirs, { concludedAt: at.plus({ hours: 1 }), leniencyApplied: false });
    const window = { from: at.minus({ days: 10 }).toISODate()!, to: at.plus({ days: 10 }).toISODate()! };
    const count = async (token: string, extra: Record<string, string> = {}) => {
      const res = await stats({ ...window, ...extra }, token);
      return [res.status, res.body.rows?.[0]?.personsConcluded];
    };
    expect(await count(mine.prosecutor.token)).toEqual([200, 1]);
    expect(await count(theirs.prosecutor.token)).toEqual([200, 2]);
    expect(await count(mine.judge.token)).toEqual([200, 1]);
    expect(await count(mine.prosecutor.token, { prosecutorId: theirs.prosecutor.id })).toEqual([200, 0]);
    expect((await stats({ ...window, procuratorateId: theirs.procuratorate.id }, mine.prosecutor.token)).status).toBe(
      403,
    );
    expect((await stats({ ...window, courtId: theirs.court.id }, mine.clerk.token)).status).toBe(403);
    expect((await stats(window, mine.lawyer.token)).status).toBe(403);
    expect((await stats(window, mine.officer.token)).status).toBe(403);
    const admin = await t.factory.user('admin', null);
    expect(await count(admin.token, { procuratorateId: theirs.procuratorate.id })).toEqual([200, 2]);
    const everything = await stats(window, admin.token);
    expect(everything.body.timeZone).toBe('UTC');
    expect(everything.body.rows[0].personsConcluded).toBeGreaterThanOrEqual(3);
  });

  it('answers the same rows as CSV with Accept: text/csv', async () => {
    const w = await t.factory.world();
    const at = DateTime.now().setZone('Asia/Shanghai').minus({ days: 45 }).set({ hour: 9 });
    await record(w, { concludedAt: at, leniencyApplied: true, proposal: 'definite' });
    const query = { from: at.startOf('month').toISODate()!, to: at.endOf('month').toISODate()!, groupBy: 'month' };
    const json = await stats(query, w.prosecutor.token);
    const csv = await stats(query, w.prosecutor.token, { accept: 'text/csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // UTF-8 with a byte-order mark, so a spreadsheet reads it as UTF-8 (fetch's text() drops the mark: read bytes).
    const raw = await fetch(t.http.url(`/stats/leniency?${new URLSearchParams(query).toString()}`), {
      headers: { accept: 'text/csv', authorization: `Bearer ${w.prosecutor.token}` },
    });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'period,personsConcluded,personsWithLeniency,applicationRate,proposals,definiteProposals,definiteShare,' +
        'proposalsRuled,adopted,adoptedAfterAdjustment,adoptionRate,adoptionRateOverProposalsMade,definiteRuled,' +
        'definiteAdopted,definiteAdoptionRate,withdrawn',
    );
    expect(lines.slice(1)).toEqual([`${at.toFormat('yyyy-MM')},1,1,1,1,1,1,0,0,0,,0,0,0,,0`]);
    expect(json.body.rows[0]).toMatchObject({ personsConcluded: 1, adoptionRate: null, definiteAdoptionRate: null });
  });

  it('refuses bad windows with 400 naming the field', async () => {
    const w = await t.factory.world();
    const field = async (query: Record<string, string>) => {
      const res = await stats(query, w.prosecutor.token);
      return [res.status, res.body.errors?.map((e: { field: string }) => e.field)];
    };
    expect(await field({ from: '2020-01-01', to: '2025-01-01' })).toEqual([400, ['to']]);
    expect(await field({ from: '2020-01-01', to: '2024-12-31' })).toEqual([200, undefined]);
    expect(await field({ from: '2020-02-01', to: '2020-01-31' })).toEqual([400, ['to']]);
    expect(await field({ from: '1999-12-31', to: '2000-01-31' })).toEqual([400, ['from']]);
    expect(await field({ from: '2020-02-30', to: '2020-03-01' })).toEqual([400, ['from']]);
    expect(await field({ from: '2020-01-01', to: '2020-03-01', groupBy: 'week' })).toEqual([400, ['groupBy']]);
  });
});
