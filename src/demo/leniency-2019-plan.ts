import { DateTime } from 'luxon';
import type { Procedure } from '../modules/cases/case.entity';
import type {
  DecisionKind,
  LeniencyAction,
  Penalty,
  ProposalKind,
  SentencingProposal,
} from '../modules/leniency/leniency-transitions';

/*
 * The year 2019 of plea-leniency records of the demo procuratorate, planned so that GET /stats/leniency (groupBy
 * year or month, 2019-01-01..2019-12-31, the procuratorate's zone Asia/Shanghai) reproduces the published Ningxia
 * table. Every count is of persons (one record per defendant per case); every event falls in 2019.
 *
 *   suspects with leniency applied in the year   = 3,848                           (published 3,848)
 *     months: 190 150 260 280 300 320 335 350 375 410 424 454 (sum 3,848)
 *   application rate, December = 454 / (454 + 146) = 454 / 600 = 0.75667 → 0.7567  (published 75.67%)
 *   court rulings in 2019: the 3,848 less the 348 concluded after 8 December and not yet tried = 3,500
 *     adopted (adjusted ones included) = 1,882 definite + 1,394 range = 3,276
 *   adoption rate = 3,276 / 3,500 = 0.9360                                         (published 93.6%)
 *   definite proposals ruled = 2,000, adopted 1,882 (1,742 as first proposed, 140 after adjustment)
 *   adoption rate of definite proposals = 1,882 / 2,000 = 0.9410                   (published 94.1%)
 *   proposals made in 2019 (adjustments count as proposals):
 *       3,500 ruled records + 230 adjustments among them (60 range→definite, 80 definite→definite, 90 range→range)
 *     +   348 awaiting trial + 10 adjustments among them (definite→definite)
 *     +    60 suspects who withdrew before the conclusion (each had one proposal)
 *     = 4,148
 *   definite proposals = 2,000 (last proposal of the ruled definite ones) + 80 (their definite first proposals)
 *     + 124 + 10 (awaiting trial: last and first of the adjusted) + 30 (withdrawn before the conclusion) = 2,244
 *   definite share = 2,244 / 4,148 = 0.54098 → 0.5410                             (published 54.1%)
 *
 * Besides: persons concluded without leniency (never informed or declined, and those who withdrew) per month, so
 * that the application rate grows through the year (0.56 in January to 0.7567 in December); 14 of the 348 awaiting
 * trial withdraw their plea at trial in December (the record ends withdrawn; they still count as concluded with
 * leniency); the not adopted decisions, lighter and heavier, of both kinds.
 *
 * Records are spread over the working days of 2019 (China's public holidays and make-up working days included),
 * between 08:30 and 17:30; review takes one to four weeks before the conclusion (less in early January, so nothing
 * falls in 2018) and the ruling comes one to six weeks after it (never after 2019). Sequences come from a seeded
 * generator, so the same plan comes out every time.
 */

export const LENIENCY_BY_MONTH = [190, 150, 260, 280, 300, 320, 335, 350, 375, 410, 424, 454] as const;
export const WITHOUT_LENIENCY_BY_MONTH = [150, 125, 190, 185, 180, 175, 170, 165, 160, 160, 150, 146] as const;
/** Of the persons concluded without leniency each month, those who accepted, had a proposal and withdrew. */
export const WITHDRAWN_BEFORE_CONCLUSION_PER_MONTH = 5;

/** Records concluded with leniency and ruled on in 2019, by the kind of the last proposal and the decision. */
export const RULED = {
  definite: { adopted: 1742, adjustedFromRange: 60, adjustedFromDefinite: 80, lighter: 80, heavier: 38 },
  range: { adopted: 1304, adjustedFromRange: 90, lighter: 70, heavier: 36 },
} as const;
/** Concluded with leniency from 9 December on, awaiting trial at the end of the year. */
export const AWAITING_TRIAL = { definite: 114, definiteAdjusted: 10, range: 224, withdrawnAtTrial: 14 } as const;
/** The first day of December on which conclusions are left to be tried in 2020. */
export const AWAITING_FROM_DECEMBER_DAY = 9;

/** The counts the plan gives over the year (and December's application rate), as the endpoint counts them. */
export const DEMO_COUNTS = {
  year: {
    personsWithLeniency: 3848,
    proposals: 4148,
    definiteProposals: 2244,
    proposalsRuled: 3500,
    adopted: 3276,
    adoptedAfterAdjustment: 230,
    definiteRuled: 2000,
    definiteAdopted: 1882,
    withdrawn: 74,
  },
  december: { personsConcluded: 600, personsWithLeniency: 454 },
} as const;

/** The people and places the records name (ids of what the seed created; any strings in a unit test). */
export interface DemoPeople {
  courts: { id: string; code: string; judgeIds: string[] }[];
  prosecutorIds: string[];
  centerIds: string[];
  /** Lawyers of law firms, who defend some defendants. */
  lawyerIds: string[];
  /** Duty lawyers (值班律师), who witness the affidavits of defendants without a lawyer. */
  dutyLawyerIds: string[];
}

export interface PlannedStep {
  step: LeniencyAction;
  actorId: string;
}

export interface PlannedDefendant {
  name: string;
  centerId: string;
  defenseLawyerId: string | null;
  charges: string[];
  /** The record's steps in order; the state machine is run on them before anything is written. */
  steps: PlannedStep[];
}

export interface PlannedCase {
  caseNumber: string;
  courtId: string;
  prosecutorId: string;
  procedure: Procedure;
  defendants: PlannedDefendant[];
}

type Category =
  | { kind: 'ruled'; last: ProposalKind; decision: DecisionKind; adjustedFrom: ProposalKind | null }
  | { kind: 'awaiting'; last: ProposalKind; adjusted: boolean; withdrawnAtTrial: boolean }
  | { kind: 'withdrew'; proposal: ProposalKind }
  | { kind: 'declined' }
  | { kind: 'not_informed' };

/** 2019's public holidays (closed) and make-up working days (open on a weekend), as the State Council set them. */
const HOLIDAYS_2019 = [
  '2019-01-01',
  ...range(4, 10).map((d) => `2019-02-${pad(d)}`),
  '2019-04-05',
  ...range(1, 4).map((d) => `2019-05-0${d}`),
  '2019-06-07',
  '2019-09-13',
  ...range(1, 7).map((d) => `2019-10-0${d}`),
];
const MAKE_UP_DAYS_2019 = ['2019-02-02', '2019-02-03', '2019-04-28', '2019-05-05', '2019-09-29', '2019-10-12'];

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯俊海燕雪梅林峰波亮健新春东飞彬鑫';
const CHARGES = [
  '危险驾驶罪',
  '危险驾驶罪',
  '危险驾驶罪',
  '盗窃罪',
  '盗窃罪',
  '诈骗罪',
  '故意伤害罪',
  '寻衅滋事罪',
  '交通肇事罪',
  '帮助信息网络犯罪活动罪',
  '开设赌场罪',
  '非法吸收公众存款罪',
  '贩卖毒品罪',
  '掩饰、隐瞒犯罪所得罪',
];
const WITHDRAWAL_REASONS_BEFORE = [
  '犯罪嫌疑人对指控的犯罪事实提出异议，不再认罪',
  '犯罪嫌疑人不同意量刑建议，撤回认罪认罚',
];
const WITHDRAWAL_REASONS_AT_TRIAL = ['被告人当庭翻供，否认主要犯罪事实', '被告人当庭对量刑建议提出异议'];

/** A small seeded generator (mulberry32): the same plan on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The working days of a month of 2019 in the demo zone, as local dates (yyyy-MM-dd). */
export function workingDays2019(month: number): string[] {
  const days: string[] = [];
  const first = DateTime.fromObject({ year: 2019, month, day: 1 }, { zone: PLAN_ZONE });
  for (let d = first; d.month === month; d = d.plus({ days: 1 })) {
    const iso = d.toISODate()!;
    const weekend = d.weekday >= 6;
    if ((weekend && MAKE_UP_DAYS_2019.includes(iso)) || (!weekend && !HOLIDAYS_2019.includes(iso))) days.push(iso);
  }
  return days;
}

/**
 * The demo zone, Asia/Shanghai, kept UTC+8 all through 2019 (no daylight saving since 1991): the plan's hot loop
 * computes instants as plain milliseconds in that fixed offset (luxon with the IANA zone made the plan take seconds),
 * luxon only for the calendar. The unit test reads the plan back in Asia/Shanghai.
 */
const PLAN_ZONE = 'UTC+8';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const OFFSET = 8 * 60 * MINUTE;
/** The instant `minutes` after local midnight of `date` (yyyy-MM-dd) in UTC+8. */
const localMs = (date: string, minutes: number) => Date.parse(`${date}T00:00:00Z`) - OFFSET + minutes * MINUTE;
/** The local date (yyyy-MM-dd) of an instant in UTC+8. */
const localDateOf = (ms: number) => new Date(ms + OFFSET).toISOString().slice(0, 10);
const addDaysTo = (date: string, days: number) => localDateOf(localMs(date, 0) + days * DAY);
const YEAR_START = localMs('2019-01-02', 8 * 60 + 30);
const YEAR_LAST_WORKING_DAY = '2019-12-31';

/**
 * Every case and record of 2019, in the order of the conclusions. Deterministic for a given seed.
 */
export function planLeniency2019(people: DemoPeople, seed = 2019): PlannedCase[] {
  const rnd = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const allWorkingDays = range(1, 12).flatMap(workingDays2019);

  /** An instant on a working local date, between 08:30 and 17:30. */
  const at = (date: string) => localMs(date, 8 * 60 + 30 + int(0, 9 * 60 - 1));
  /** A working day `lo`..`hi` calendar days after `date`, not after `latest`. */
  const workingDayAfter = (date: string, lo: number, hi: number, latest = YEAR_LAST_WORKING_DAY) => {
    const from = addDaysTo(date, lo);
    const to = addDaysTo(date, hi);
    const cut = to < latest ? to : latest;
    const candidates = allWorkingDays.filter((d) => d >= from && d <= cut);
    return candidates.length > 0 ? pick(candidates) : latest;
  };

  const ruledCategories = shuffle(rnd, [
    ...repeat(RULED.definite.adopted, { last: 'definite', decision: 'adopted', adjustedFrom: null }),
    ...repeat(RULED.definite.adjustedFromRange, {
      last: 'definite',
      decision: 'adopted_after_adjustment',
      adjustedFrom: 'range',
    }),
    ...repeat(RULED.definite.adjustedFromDefinite, {
      last: 'definite',
      decision: 'adopted_after_adjustment',
      adjustedFrom: 'definite',
    }),
    ...repeat(RULED.definite.lighter, { last: 'definite', decision: 'not_adopted_lighter', adjustedFrom: null }),
    ...repeat(RULED.definite.heavier, { last: 'definite', decision: 'not_adopted_heavier', adjustedFrom: null }),
    ...repeat(RULED.range.adopted, { last: 'range', decision: 'adopted', adjustedFrom: null }),
    ...repeat(RULED.range.adjustedFromRange, {
      last: 'range',
      decision: 'adopted_after_adjustment',
      adjustedFrom: 'range',
    }),
    ...repeat(RULED.range.lighter, { last: 'range', decision: 'not_adopted_lighter', adjustedFrom: null }),
    ...repeat(RULED.range.heavier, { last: 'range', decision: 'not_adopted_heavier', adjustedFrom: null }),
  ] as { last: ProposalKind; decision: DecisionKind; adjustedFrom: ProposalKind | null }[]).map((c): Category => ({
    kind: 'ruled',
    ...c,
  }));
  const awaiting: Category[] = shuffle(rnd, [
    ...repeat(AWAITING_TRIAL.definite, { last: 'definite' as ProposalKind, adjusted: false }),
    ...repeat(AWAITING_TRIAL.definiteAdjusted, { last: 'definite' as ProposalKind, adjusted: true }),
    ...repeat(AWAITING_TRIAL.range, { last: 'range' as ProposalKind, adjusted: false }),
  ]).map((c) => ({ kind: 'awaiting', ...c, withdrawnAtTrial: false }));
  // Some of those not adjusted withdraw their plea at trial.
  awaiting
    .filter((c) => c.kind === 'awaiting' && !c.adjusted)
    .slice(0, AWAITING_TRIAL.withdrawnAtTrial)
    .forEach((c) => {
      if (c.kind === 'awaiting') c.withdrawnAtTrial = true;
    });

  // Each month's conclusions: day and category, then sorted by the instant of the conclusion.
  const concluded: { at: number; category: Category }[] = [];
  let ruledNext = 0;
  let withdrewNext = 0;
  for (let month = 1; month <= 12; month++) {
    const days = workingDays2019(month);
    const ruledDays = month === 12 ? days.filter((d) => Number(d.slice(8)) < AWAITING_FROM_DECEMBER_DAY) : days;
    const awaitingDays = days.filter((d) => Number(d.slice(8)) >= AWAITING_FROM_DECEMBER_DAY);
    const withLeniency = LENIENCY_BY_MONTH[month - 1];
    const ruledThisMonth = month === 12 ? withLeniency - awaiting.length : withLeniency;
    for (let i = 0; i < ruledThisMonth; i++) {
      concluded.push({ at: at(pick(ruledDays)), category: ruledCategories[ruledNext++] });
    }
    if (month === 12) {
      for (const category of awaiting) {
        // A withdrawal at trial needs days left in the year after the conclusion.
        const early = category.kind === 'awaiting' && category.withdrawnAtTrial;
        concluded.push({ at: at(pick(early ? awaitingDays.slice(0, 6) : awaitingDays)), category });
      }
    }
    const without = WITHOUT_LENIENCY_BY_MONTH[month - 1];
    for (let i = 0; i < without; i++) {
      const category: Category =
        i < WITHDRAWN_BEFORE_CONCLUSION_PER_MONTH
          ? { kind: 'withdrew', proposal: withdrewNext++ % 2 === 0 ? 'definite' : 'range' }
          : rnd() < 0.7
            ? { kind: 'declined' }
            : { kind: 'not_informed' };
      concluded.push({ at: at(pick(days)), category });
    }
  }
  if (ruledNext !== ruledCategories.length) throw new Error('the monthly counts do not use every ruled record');
  concluded.sort((a, b) => a.at - b.at);

  // Cases of one to three defendants, among consecutive conclusions (co-defendants conclude together).
  const caseNumbers = new Map<string, number>();
  const cases: PlannedCase[] = [];
  for (let i = 0; i < concluded.length;) {
    const size = Math.min(concluded.length - i, rnd() < 0.78 ? 1 : rnd() < 0.8 ? 2 : 3);
    const court = pick(people.courts);
    const n = (caseNumbers.get(court.id) ?? 0) + 1;
    caseNumbers.set(court.id, n);
    const prosecutorId = pick(people.prosecutorIds);
    const judgeId = pick(court.judgeIds);
    const procedure: Procedure = pick(['speedy', 'speedy', 'speedy', 'summary', 'summary', 'ordinary']);
    const charge = pick(CHARGES);
    const defendants = concluded.slice(i, i + size).map(({ at: concludedAt, category }): PlannedDefendant => {
      const defenseLawyerId = rnd() < 0.3 ? pick(people.lawyerIds) : null;
      const witness = defenseLawyerId ?? pick(people.dutyLawyerIds);
      return {
        name: pick([...SURNAMES]) + pick([...GIVEN]) + (rnd() < 0.6 ? pick([...GIVEN]) : ''),
        centerId: pick(people.centerIds),
        defenseLawyerId,
        charges: [charge],
        steps: stepsOf(category, concludedAt, { prosecutorId, judgeId, witness, procedure }),
      };
    });
    cases.push({
      caseNumber: `(2019)${court.code}刑初${n}号`,
      courtId: court.id,
      prosecutorId,
      procedure,
      defendants,
    });
    i += size;
  }
  return cases;

  /** The steps of one record, dated back from its conclusion and forward to its ruling. */
  function stepsOf(
    category: Category,
    concludedAt: number,
    who: { prosecutorId: string; judgeId: string; witness: string; procedure: Procedure },
  ): PlannedStep[] {
    const byProsecutor = (step: LeniencyAction): PlannedStep => ({ step, actorId: who.prosecutorId });
    const byJudge = (step: LeniencyAction): PlannedStep => ({ step, actorId: who.judgeId });
    const conclDate = localDateOf(concludedAt);
    const d = (ms: number) => new Date(ms);
    // Review for prosecution: instants on working days in the weeks before the conclusion, in order.
    const review = (count: number): number[] => {
      const earliest = Math.max(YEAR_START, concludedAt - int(7, 28) * DAY);
      const earliestDate = localDateOf(earliest);
      const days = allWorkingDays.filter((day) => day >= earliestDate && day <= conclDate);
      return Array.from({ length: count }, () =>
        Math.min(Math.max(at(pick(days)), earliest), concludedAt - int(1, 30) * MINUTE),
      ).sort((a, b) => a - b);
    };
    const conclude = (leniencyApplied: boolean) =>
      byProsecutor({ action: 'conclude', concludedAt: d(concludedAt), leniencyApplied });

    switch (category.kind) {
      case 'not_informed':
        return [conclude(false)];
      case 'declined': {
        const [informed] = review(1);
        return [byProsecutor({ action: 'inform', at: d(informed) }), conclude(false)];
      }
      case 'withdrew': {
        const [informed, accepted, proposed, withdrawn] = review(4);
        return [
          byProsecutor({ action: 'inform', at: d(informed) }),
          byProsecutor({ action: 'accept', at: d(accepted) }),
          byProsecutor({
            action: 'proposal',
            proposedAt: d(proposed),
            proposal: proposalOf(category.proposal),
          }),
          byProsecutor({ action: 'withdraw', at: d(withdrawn), reason: pick(WITHDRAWAL_REASONS_BEFORE) }),
          conclude(false),
        ];
      }
      case 'ruled':
      case 'awaiting': {
        const adjustedFrom =
          category.kind === 'ruled' ? category.adjustedFrom : category.adjusted ? category.last : null;
        const last = proposalOf(category.last);
        const first = adjustedFrom ? adjustmentBefore(last, adjustedFrom) : last;
        const [informed, accepted, proposed, signed] = review(4);
        const steps: PlannedStep[] = [
          byProsecutor({ action: 'inform', at: d(informed) }),
          byProsecutor({ action: 'accept', at: d(accepted) }),
          byProsecutor({ action: 'proposal', proposedAt: d(proposed), proposal: first }),
          byProsecutor({
            action: 'affidavit',
            signedAt: d(signed),
            witnessLawyerId: who.witness,
            procedure: who.procedure,
            hearingId: null,
          }),
          conclude(true),
        ];
        if (category.kind === 'awaiting') {
          if (adjustedFrom) {
            const adjustedAt = Math.max(at(workingDayAfter(conclDate, 1, 10)), concludedAt + 30 * MINUTE);
            steps.push(byProsecutor({ action: 'proposal', proposedAt: d(adjustedAt), proposal: last }));
          }
          if (category.withdrawnAtTrial) {
            const withdrawnAt = at(workingDayAfter(conclDate, 3, 14));
            steps.push(byJudge({ action: 'withdraw', at: d(withdrawnAt), reason: pick(WITHDRAWAL_REASONS_AT_TRIAL) }));
          }
          return steps;
        }
        // The ruling, one to six weeks on (never after 2019); an adjustment made at trial, shortly before it.
        const decisionDay = workingDayAfter(conclDate, 7, 42);
        const decidedAt = Math.max(at(decisionDay), concludedAt + 60 * MINUTE);
        if (adjustedFrom) {
          const adjustedAt = decidedAt - int(10, 50) * MINUTE;
          steps.push(byProsecutor({ action: 'proposal', proposedAt: d(adjustedAt), proposal: last }));
        }
        const sentence = sentenceFor(last, category.decision);
        steps.push(
          byJudge({
            action: 'decision',
            decidedAt: d(decidedAt),
            decision: category.decision,
            sentenceMonths: sentence.months,
            probation: sentence.probation,
            hearingId: null,
          }),
        );
        return steps;
      }
    }
  }

  /** A believable proposal of the kind: mostly fixed terms, some criminal detention, a few surveillance or fines. */
  function proposalOf(kind: ProposalKind): SentencingProposal {
    const roll = rnd();
    const penalty: Penalty =
      kind === 'range'
        ? roll < 0.8
          ? 'fixed_term'
          : 'criminal_detention'
        : roll < 0.62
          ? 'fixed_term'
          : roll < 0.9
            ? 'criminal_detention'
            : 'public_surveillance';
    const [lo, hi] = {
      fixed_term: [6, 60],
      criminal_detention: [2, 6],
      public_surveillance: [3, 24],
      fine_only: [0, 0],
    }[penalty];
    const probationAllowed = penalty === 'criminal_detention' || penalty === 'fixed_term';
    if (kind === 'definite') {
      const termMonths = int(lo, hi);
      const probation = probationAllowed && termMonths <= 36 && rnd() < 0.4;
      return { kind, penalty, termMonths, minMonths: null, maxMonths: null, probation, fineYuan: fineOf(penalty) };
    }
    const minMonths = int(lo, penalty === 'fixed_term' ? 36 : 4);
    const maxMonths = Math.min(
      minMonths + int(2, penalty === 'fixed_term' ? 12 : 2),
      penalty === 'fixed_term' ? 72 : 6,
    );
    const probation = probationAllowed && maxMonths <= 36 && rnd() < 0.4;
    return { kind, penalty, termMonths: null, minMonths, maxMonths, probation, fineYuan: fineOf(penalty) };
  }

  function fineOf(penalty: Penalty): number | null {
    return penalty === 'public_surveillance' || rnd() < 0.5 ? null : int(2, 30) * 1000;
  }

  /** The first proposal of a record whose last one (`last`) adjusted it: a little heavier, of kind `kind`. */
  function adjustmentBefore(last: SentencingProposal, kind: ProposalKind): SentencingProposal {
    const [lo, hi] =
      last.kind === 'definite' ? [last.termMonths!, last.termMonths!] : [last.minMonths!, last.maxMonths!];
    const first: SentencingProposal =
      kind === 'definite'
        ? { ...last, kind, termMonths: hi + int(1, 4), minMonths: null, maxMonths: null }
        : { ...last, kind, termMonths: null, minMonths: lo + int(1, 2), maxMonths: hi + int(3, 6) };
    // Probation goes with three years at most.
    const longest = first.kind === 'definite' ? first.termMonths! : first.maxMonths!;
    return { ...first, probation: first.probation && (first.penalty !== 'fixed_term' || longest <= 36) };
  }

  /** The sentence a decision gives: within the proposal when adopted, below or above it when not. */
  function sentenceFor(p: SentencingProposal, decision: DecisionKind): { months: number; probation: boolean } {
    const [lo, hi] = p.kind === 'definite' ? [p.termMonths!, p.termMonths!] : [p.minMonths!, p.maxMonths!];
    switch (decision) {
      case 'adopted':
      case 'adopted_after_adjustment':
        return { months: int(lo, hi), probation: p.probation };
      case 'not_adopted_lighter':
        return { months: Math.max(0, lo - int(1, Math.min(lo, 6))), probation: p.probation || rnd() < 0.3 };
      case 'not_adopted_heavier':
        return { months: hi + int(1, 6), probation: false };
    }
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function repeat<T>(n: number, value: T): T[] {
  return Array.from({ length: n }, () => value);
}

function shuffle<T>(rnd: () => number, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}
