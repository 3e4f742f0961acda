import { DateTime } from 'luxon';
import {
  DEMO_COUNTS,
  LENIENCY_BY_MONTH,
  planLeniency2019,
  WITHOUT_LENIENCY_BY_MONTH,
  workingDays2019,
  type DemoPeople,
  type PlannedCase,
} from '../../../src/demo/leniency-2019-plan';
import { replayLeniency } from '../../../src/modules/leniency/leniency-transitions';
import { rate } from '../../../src/modules/statistics/leniency-figures';

const PEOPLE: DemoPeople = {
  courts: [
    { id: 'court-1', code: '宁0104', judgeIds: ['judge-1', 'judge-2'] },
    { id: 'court-2', code: '宁0106', judgeIds: ['judge-3'] },
  ],
  prosecutorIds: ['prosecutor-1', 'prosecutor-2'],
  centerIds: ['center-1', 'center-2'],
  lawyerIds: ['lawyer-1'],
  dutyLawyerIds: ['duty-1', 'duty-2'],
};

const ZONE = 'Asia/Shanghai';
const inYear = (d: Date) => DateTime.fromJSDate(d).setZone(ZONE).year === 2019;
const inDecember = (d: Date) => inYear(d) && DateTime.fromJSDate(d).setZone(ZONE).month === 12;

/** The plan's records as the state machine leaves them, counted by the definitions of leniency-figures.ts. */
function countPlan(plan: PlannedCase[]) {
  const records = plan.flatMap((c) => c.defendants.map((d) => replayLeniency(d.steps.map((s) => s.step))));
  const decided = records.filter((r) => r.decision && inYear(r.decision.decidedAt));
  const adopted = (r: (typeof records)[number]) =>
    r.decision!.decision === 'adopted' || r.decision!.decision === 'adopted_after_adjustment';
  const lastKind = (r: (typeof records)[number]) => r.proposals[r.proposals.length - 1].kind;
  const proposals = records.flatMap((r) => r.proposals).filter((p) => inYear(p.proposedAt));
  const december = records.filter((r) => r.conclusion && inDecember(r.conclusion.concludedAt));
  return {
    records,
    year: {
      personsWithLeniency: records.filter((r) => r.conclusion?.leniencyApplied && inYear(r.conclusion.concludedAt))
        .length,
      proposals: proposals.length,
      definiteProposals: proposals.filter((p) => p.kind === 'definite').length,
      proposalsRuled: decided.length,
      adopted: decided.filter(adopted).length,
      adoptedAfterAdjustment: decided.filter((r) => r.decision!.decision === 'adopted_after_adjustment').length,
      definiteRuled: decided.filter((r) => lastKind(r) === 'definite').length,
      definiteAdopted: decided.filter((r) => lastKind(r) === 'definite' && adopted(r)).length,
      withdrawn: records.filter((r) => r.withdrawal && inYear(r.withdrawal.at)).length,
    },
    december: {
      personsConcluded: december.length,
      personsWithLeniency: december.filter((r) => r.conclusion!.leniencyApplied).length,
    },
  };
}

describe('the demo plan of 2019 (Ningxia, as published)', () => {
  const plan = planLeniency2019(PEOPLE);
  const counted = countPlan(plan);

  it('gives the counts written at its top, every record accepted by the state machine', () => {
    expect({ year: counted.year, december: counted.december }).toEqual(DEMO_COUNTS);
  });

  it('gives the five published figures to their precision', () => {
    const { year, december } = DEMO_COUNTS;
    expect(year.personsWithLeniency).toBe(3848);
    expect(rate(december.personsWithLeniency, december.personsConcluded)).toBe(0.7567);
    expect(rate(year.adopted, year.proposalsRuled)).toBe(0.936);
    expect(rate(year.definiteProposals, year.proposals)).toBe(0.541);
    expect(rate(year.definiteAdopted, year.definiteRuled)).toBe(0.941);
  });

  it('keeps every step in 2019, on working days of the year, and concludes more each quarter as the system grew', () => {
    const instants = counted.records.flatMap((r) => [
      r.informedAt,
      r.acceptedAt,
      r.affidavit?.signedAt ?? null,
      ...r.proposals.map((p) => p.proposedAt),
      r.conclusion?.concludedAt ?? null,
      r.decision?.decidedAt ?? null,
      r.withdrawal?.at ?? null,
    ]);
    const working = new Set(Array.from({ length: 12 }, (_, i) => workingDays2019(i + 1)).flat());
    // The local date in Shanghai (UTC+8 all year), without a zone look-up for each of the ~30,000 instants.
    const localDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const offDays = instants.filter((d): d is Date => d !== null).filter((d) => !working.has(localDate(d)));
    expect(offDays).toEqual([]);
    expect(working.has('2019-02-05')).toBe(false); // Spring Festival
    expect(working.has('2019-02-02')).toBe(true); // a Saturday made a working day
    const quarter = (q: number) => LENIENCY_BY_MONTH.slice(3 * q, 3 * q + 3).reduce((a, b) => a + b, 0);
    expect([quarter(0) < quarter(1), quarter(1) < quarter(2), quarter(2) < quarter(3)]).toEqual([true, true, true]);
    const rates = LENIENCY_BY_MONTH.map((n, i) => n / (n + WITHOUT_LENIENCY_BY_MONTH[i]));
    expect(rates[11]).toBeGreaterThan(rates[0]);
  });

  it('has every decision kind (each checked against its last proposal by the state machine), adjustments and withdrawals', () => {
    const kinds = new Set(counted.records.map((r) => r.decision?.decision).filter(Boolean));
    expect(kinds).toEqual(
      new Set(['adopted', 'adopted_after_adjustment', 'not_adopted_lighter', 'not_adopted_heavier']),
    );
    expect(counted.records.filter((r) => r.proposals.length > 1).length).toBe(240);
    expect(counted.records.filter((r) => r.state === 'withdrawn').length).toBe(14);
  });

  it('comes out the same on every run', () => {
    expect(JSON.stringify(planLeniency2019(PEOPLE))).toBe(JSON.stringify(plan));
  });
});
