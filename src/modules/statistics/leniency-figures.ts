import { DateTime } from 'luxon';

/*
 * The official plea-leniency figures (../shared/DOMAIN.md, "The statistics"), from counts of persons per period.
 * Counting is the database's job (one aggregate over the records); this file says what the counts mean, which
 * periods a window holds, and how each rate is formed, so the endpoint, the CSV and the demo data agree.
 *
 * Which date puts a record in a period: the conclusion date for the persons concluded and the application rate,
 * the proposal date for proposals, the decision date for the court's rulings, the withdrawal date for withdrawals.
 * Periods are calendar periods in the organization's time zone.
 */

export type GroupBy = 'none' | 'month' | 'quarter' | 'year';
export const GROUP_BYS: readonly GroupBy[] = ['none', 'month', 'quarter', 'year'];

/** What the database counts, per period; every figure counts persons (one record per defendant per case). */
export interface LeniencyCounts {
  personsConcluded: number;
  personsWithLeniency: number;
  proposals: number;
  definiteProposals: number;
  proposalsRuled: number;
  /** Adopted as proposed, plus adopted after adjustment (which also counts on its own). */
  adopted: number;
  adoptedAfterAdjustment: number;
  definiteRuled: number;
  definiteAdopted: number;
  withdrawn: number;
}

export interface LeniencyFiguresRow extends LeniencyCounts {
  period: string;
  applicationRate: number | null;
  definiteShare: number | null;
  adoptionRate: number | null;
  adoptionRateOverProposalsMade: number | null;
  definiteAdoptionRate: number | null;
}

export const ZERO_COUNTS: LeniencyCounts = {
  personsConcluded: 0,
  personsWithLeniency: 0,
  proposals: 0,
  definiteProposals: 0,
  proposalsRuled: 0,
  adopted: 0,
  adoptedAfterAdjustment: 0,
  definiteRuled: 0,
  definiteAdopted: 0,
  withdrawn: 0,
};

/** Each figure's formula and the date that puts a record in a period, as the answer states them. */
export const LENIENCY_DEFINITIONS = {
  personsConcluded: 'persons whose review for prosecution concluded in the period (conclusion date)',
  personsWithLeniency: 'of those, persons concluded with leniency applied (conclusion date)',
  applicationRate: 'personsWithLeniency / personsConcluded',
  proposals: 'sentencing proposals made in the period, adjustments included (proposal date)',
  definiteProposals: 'of those, definite proposals (proposal date)',
  definiteShare: 'definiteProposals / proposals',
  proposalsRuled: 'persons whose proposal the court ruled on in the period (decision date)',
  adopted: 'of those, proposals adopted, adopted after adjustment included (decision date)',
  adoptedAfterAdjustment: 'of those, proposals adopted after adjustment (decision date)',
  adoptionRate: 'adopted / proposalsRuled',
  adoptionRateOverProposalsMade: 'adopted / proposals (the other denominator: proposals made in the period)',
  definiteRuled: 'persons whose last proposal was definite and was ruled on in the period (decision date)',
  definiteAdopted: 'of those, adopted (decision date)',
  definiteAdoptionRate: 'definiteAdopted / definiteRuled',
  withdrawn: 'persons who withdrew their plea in the period (withdrawal date)',
  rates: 'fractions rounded to 4 decimals (0.7567), null when the denominator is 0',
} as const;

/** A fraction rounded to 4 decimals, or null when there is nothing to divide by. */
export function rate(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}

export function figuresRow(period: string, c: LeniencyCounts): LeniencyFiguresRow {
  return {
    period,
    ...c,
    applicationRate: rate(c.personsWithLeniency, c.personsConcluded),
    definiteShare: rate(c.definiteProposals, c.proposals),
    adoptionRate: rate(c.adopted, c.proposalsRuled),
    adoptionRateOverProposalsMade: rate(c.adopted, c.proposals),
    definiteAdoptionRate: rate(c.definiteAdopted, c.definiteRuled),
  };
}

/**
 * The periods of the local dates `from`..`to` (inclusive) in `zone`, in order, each with its label and its
 * half-open range of instants: `2019-12` for a month, `2019-Q4` for a quarter, `2019` for a year, `from/to` for
 * the whole window. Every period is listed, so a period with nothing in it still has its row of zeros.
 */
export function periodsOf(
  from: string,
  to: string,
  groupBy: GroupBy,
  zone: string,
): { period: string; start: Date; end: Date }[] {
  const first = DateTime.fromISO(from, { zone }).startOf('day');
  const afterLast = DateTime.fromISO(to, { zone }).startOf('day').plus({ days: 1 });
  if (groupBy === 'none') return [{ period: `${from}/${to}`, start: first.toJSDate(), end: afterLast.toJSDate() }];
  const step = { month: { months: 1 }, quarter: { quarters: 1 }, year: { years: 1 } }[groupBy];
  const periods: { period: string; start: Date; end: Date }[] = [];
  for (let start = first.startOf(groupBy); start < afterLast; start = start.plus(step)) {
    const end = start.plus(step);
    periods.push({
      period: periodLabel(start, groupBy),
      // The window cuts the first and last periods: a year asked from 1 March counts from 1 March.
      start: DateTime.max(start, first).toJSDate(),
      end: DateTime.min(end, afterLast).toJSDate(),
    });
  }
  return periods;
}

export function periodLabel(start: DateTime, groupBy: Exclude<GroupBy, 'none'>): string {
  switch (groupBy) {
    case 'month':
      return start.toFormat('yyyy-MM');
    case 'quarter':
      return `${start.year}-Q${start.quarter}`;
    case 'year':
      return String(start.year);
  }
}
