import { HEARING_KINDS, type HearingKind } from '../hearings/hearing.entity';
import { meanOf, medianOfCounts, type ValueCount } from './averages';
import { rate } from './leniency-figures';

/*
 * The hearing figures of a window: what happened to the hearings (by kind and by the result of their outcome), how
 * long they were planned to take and took, and how long a case waited for its first hearing.
 *
 * Which instant puts a hearing in the window: its scheduled start (`startsAt`), on its local date in the time zone
 * of the case's court. The database counts per kind of hearing (one aggregate per figure family); this file rolls
 * the kinds up into the overall row and forms the rates and means, so every row is made the same way.
 */

/** What the database counts for the hearings of one kind. */
export interface HearingKindCounts {
  hearings: number;
  held: number;
  adjourned: number;
  defendantAbsent: number;
  partyAbsent: number;
  technicalFailure: number;
  noOutcome: number;
  cancelled: number;
  /** The sum of the scheduled minutes (endsAt - startsAt) of the hearings not cancelled, and how many. */
  scheduledMinutesSum: number;
  scheduledCount: number;
  /** The sum of the minutes between the outcome's startedAt and endedAt where both are known, and how many. */
  actualMinutesSum: number;
  actualCount: number;
}

export const ZERO_HEARING_COUNTS: HearingKindCounts = {
  hearings: 0,
  held: 0,
  adjourned: 0,
  defendantAbsent: 0,
  partyAbsent: 0,
  technicalFailure: 0,
  noOutcome: 0,
  cancelled: 0,
  scheduledMinutesSum: 0,
  scheduledCount: 0,
  actualMinutesSum: 0,
  actualCount: 0,
};

export type HearingGroupBy = 'overall' | 'kind';

export interface HearingFiguresRow {
  groupBy: HearingGroupBy;
  /** `all` for the overall row, else the hearing kind. */
  group: 'all' | HearingKind;
  hearings: number;
  held: number;
  adjourned: number;
  defendantAbsent: number;
  partyAbsent: number;
  technicalFailure: number;
  noOutcome: number;
  cancelled: number;
  withOutcome: number;
  adjournmentRate: number | null;
  absenceRate: number | null;
  meanScheduledMinutes: number | null;
  actualDurationsKnown: number;
  meanActualMinutes: number | null;
  casesFirstHeard: number;
  medianDaysToFirstHearing: number | null;
}

/** Each figure's formula, and the instant that puts a hearing in the window, as the answer states them. */
export const HEARING_DEFINITIONS = {
  window:
    "a hearing counts when its scheduled start (startsAt) falls on a local date from..to (inclusive) in the time zone of its case's court",
  rows: 'one overall row (groupBy overall, group all), then one per hearing kind (groupBy kind), zeros included',
  hearings: 'hearings in the window, cancelled ones included',
  held: 'of those, hearings whose outcome is held (likewise adjourned, defendantAbsent, partyAbsent, technicalFailure)',
  noOutcome: 'hearings not cancelled with no outcome recorded (yet)',
  cancelled: 'hearings cancelled (a hearing with an outcome is never cancelled)',
  withOutcome: 'held + adjourned + defendantAbsent + partyAbsent + technicalFailure',
  adjournmentRate: 'adjourned / withOutcome',
  absenceRate: '(defendantAbsent + partyAbsent) / withOutcome',
  meanScheduledMinutes: 'mean of endsAt - startsAt in minutes over the hearings not cancelled',
  actualDurationsKnown: 'outcomes with both startedAt and endedAt',
  meanActualMinutes: 'mean of the outcome endedAt - startedAt in minutes over actualDurationsKnown',
  casesFirstHeard:
    "cases whose first hearing (the earliest scheduled start of its hearings not cancelled) is in the window; by that hearing's kind in the kind rows; cases entered after that hearing started (back-filled) are left out",
  medianDaysToFirstHearing:
    "median over casesFirstHeard of the days from the case's creation to its first hearing, each counted between local dates in the court's time zone",
  rates: 'fractions rounded to 4 decimals, null when the denominator is 0; means rounded to 2 decimals, null over none',
} as const;

/** The counts of one kind, or of several kinds summed. */
function sumCounts(counts: readonly HearingKindCounts[]): HearingKindCounts {
  const total = { ...ZERO_HEARING_COUNTS };
  for (const c of counts) for (const key of Object.keys(total) as (keyof HearingKindCounts)[]) total[key] += c[key];
  return total;
}

export function hearingFiguresRow(
  groupBy: HearingGroupBy,
  group: 'all' | HearingKind,
  c: HearingKindCounts,
  daysToFirstHearing: readonly ValueCount[],
): HearingFiguresRow {
  const withOutcome = c.held + c.adjourned + c.defendantAbsent + c.partyAbsent + c.technicalFailure;
  return {
    groupBy,
    group,
    hearings: c.hearings,
    held: c.held,
    adjourned: c.adjourned,
    defendantAbsent: c.defendantAbsent,
    partyAbsent: c.partyAbsent,
    technicalFailure: c.technicalFailure,
    noOutcome: c.noOutcome,
    cancelled: c.cancelled,
    withOutcome,
    adjournmentRate: rate(c.adjourned, withOutcome),
    absenceRate: rate(c.defendantAbsent + c.partyAbsent, withOutcome),
    meanScheduledMinutes: meanOf(c.scheduledMinutesSum, c.scheduledCount),
    actualDurationsKnown: c.actualCount,
    meanActualMinutes: meanOf(c.actualMinutesSum, c.actualCount),
    casesFirstHeard: daysToFirstHearing.reduce((s, h) => s + h.count, 0),
    medianDaysToFirstHearing: medianOfCounts(daysToFirstHearing),
  };
}

/**
 * The rows of the answer: overall first, then every kind in HEARING_KINDS order (a kind with nothing has zeros),
 * from the counts per kind and the histogram of days to the first hearing per kind of that hearing.
 */
export function hearingFiguresRows(
  byKind: ReadonlyMap<HearingKind, HearingKindCounts>,
  daysByKind: ReadonlyMap<HearingKind, readonly ValueCount[]>,
): HearingFiguresRow[] {
  const countsOf = (k: HearingKind) => byKind.get(k) ?? ZERO_HEARING_COUNTS;
  const daysOf = (k: HearingKind) => daysByKind.get(k) ?? [];
  return [
    hearingFiguresRow('overall', 'all', sumCounts(HEARING_KINDS.map(countsOf)), HEARING_KINDS.flatMap(daysOf)),
    ...HEARING_KINDS.map((k) => hearingFiguresRow('kind', k, countsOf(k), daysOf(k))),
  ];
}
