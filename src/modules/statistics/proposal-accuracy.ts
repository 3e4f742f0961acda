import { PENALTIES, PROPOSAL_KINDS, type Penalty, type ProposalKind } from '../leniency/leniency-transitions';
import { meanOf } from './averages';
import { rate } from './leniency-figures';

/*
 * How accurate the sentencing proposals were: for each record the court decided, the last proposal in force (the
 * highest position in leniency_proposals) against the sentence it gave (sentence_months).
 *
 * The distance in months, signed (negative: the sentence is lighter; positive: heavier), is computed by the
 * database (proposal-stats.repository.ts), which counts the records per penalty, proposal kind and distance:
 * - a definite proposal: sentence - term (a fine-only proposal has no term: 0 months);
 * - a range: 0 when min <= sentence <= max, else the distance to the nearest bound (sentence - min below it,
 *   sentence - max above it).
 * This file buckets those counts and forms the rows: overall, by penalty, by proposal kind.
 *
 * Which date puts a record in the window: its decision date, on its local date in the time zone of the record's
 * procuratorate.
 */

/** How many decided records had this penalty, this proposal kind and this signed distance in months. */
export interface DistanceCount {
  penalty: Penalty;
  kind: ProposalKind;
  distance: number;
  count: number;
}

/** The buckets of the distribution, in months away from the proposal (each side apart): 0 is withinProposal. */
export const DISTANCE_BUCKETS = [
  { key: '1to3', min: 1, max: 3 },
  { key: '4to6', min: 4, max: 6 },
  { key: '7to12', min: 7, max: 12 },
  { key: '13to24', min: 13, max: 24 },
  { key: '25plus', min: 25, max: Infinity },
] as const;
export type BucketKey = (typeof DISTANCE_BUCKETS)[number]['key'];

/** The bucket of a distance of `months` (> 0) away from the proposal. */
export function bucketOf(months: number): BucketKey {
  const bucket = DISTANCE_BUCKETS.find((b) => months >= b.min && months <= b.max);
  if (!bucket) throw new Error(`no bucket for ${months} months`);
  return bucket.key;
}

export type ProposalGroupBy = 'overall' | 'penalty' | 'proposalKind';

type Distribution = { [K in BucketKey as `lighter${K}` | `heavier${K}`]: number };

export interface ProposalAccuracyRow extends Distribution {
  groupBy: ProposalGroupBy;
  /** `all` for the overall row, else the penalty or the proposal kind. */
  group: 'all' | Penalty | ProposalKind;
  decided: number;
  withinProposal: number;
  accuracyRate: number | null;
  lighter: number;
  heavier: number;
  meanDistanceMonths: number | null;
  meanLighterMonths: number | null;
  meanHeavierMonths: number | null;
}

export const DISTRIBUTION_COLUMNS = [
  ...DISTANCE_BUCKETS.map((b) => `lighter${b.key}` as const),
  ...DISTANCE_BUCKETS.map((b) => `heavier${b.key}` as const),
];

/** Each figure's formula, and the date that puts a record in the window, as the answer states them. */
export const PROPOSAL_DEFINITIONS = {
  window:
    "a record counts when the court's decision date (decidedAt) falls on a local date from..to (inclusive) in the time zone of the record's procuratorate",
  rows: 'one overall row (groupBy overall, group all), then one per penalty (groupBy penalty) and one per proposal kind (groupBy proposalKind) of the last proposal, zeros included',
  proposal: 'the last proposal in force: the one with the highest position of the record',
  distance:
    'months between proposal and sentence: a definite proposal sentence - term (a fine only: term 0); a range 0 inside [min, max], else to the nearest bound; negative lighter, positive heavier',
  decided: 'records decided in the window',
  withinProposal: 'of those, sentences equal to the definite term or within the range (distance 0)',
  accuracyRate: 'withinProposal / decided',
  lighter: 'sentences lighter than the proposal (distance < 0); heavier: distance > 0',
  meanDistanceMonths: 'mean of |distance| over decided (0 for those within the proposal)',
  meanLighterMonths: 'mean of |distance| over lighter; meanHeavierMonths: over heavier',
  distribution:
    'lighter1to3 ... lighter25plus, heavier1to3 ... heavier25plus: how many sentences were that many months (|distance|, bounds inclusive) lighter or heavier',
  rates: 'fractions rounded to 4 decimals, null when the denominator is 0; means rounded to 2 decimals, null over none',
} as const;

function zeroDistribution(): Distribution {
  return Object.fromEntries(DISTRIBUTION_COLUMNS.map((c) => [c, 0])) as Distribution;
}

/** The row of the records in `counts` (all of one group). */
export function accuracyRow(
  groupBy: ProposalGroupBy,
  group: ProposalAccuracyRow['group'],
  counts: readonly DistanceCount[],
): ProposalAccuracyRow {
  const distribution = zeroDistribution();
  let decided = 0;
  let withinProposal = 0;
  let lighter = 0;
  let heavier = 0;
  let lighterSum = 0;
  let heavierSum = 0;
  for (const c of counts) {
    decided += c.count;
    if (c.distance === 0) {
      withinProposal += c.count;
      continue;
    }
    const months = Math.abs(c.distance);
    if (c.distance < 0) {
      lighter += c.count;
      lighterSum += months * c.count;
      distribution[`lighter${bucketOf(months)}`] += c.count;
    } else {
      heavier += c.count;
      heavierSum += months * c.count;
      distribution[`heavier${bucketOf(months)}`] += c.count;
    }
  }
  return {
    groupBy,
    group,
    decided,
    withinProposal,
    accuracyRate: rate(withinProposal, decided),
    lighter,
    heavier,
    meanDistanceMonths: meanOf(lighterSum + heavierSum, decided),
    meanLighterMonths: meanOf(lighterSum, lighter),
    meanHeavierMonths: meanOf(heavierSum, heavier),
    ...distribution,
  };
}

/** Overall, then every penalty and every proposal kind in order (a group with nothing has zeros). */
export function accuracyRows(counts: readonly DistanceCount[]): ProposalAccuracyRow[] {
  return [
    accuracyRow('overall', 'all', counts),
    ...PENALTIES.map((p) =>
      accuracyRow(
        'penalty',
        p,
        counts.filter((c) => c.penalty === p),
      ),
    ),
    ...PROPOSAL_KINDS.map((k) =>
      accuracyRow(
        'proposalKind',
        k,
        counts.filter((c) => c.kind === k),
      ),
    ),
  ];
}
