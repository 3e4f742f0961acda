import { HEARING_KINDS } from '../../../src/modules/hearings/hearing.entity';
import {
  hearingFiguresRow,
  hearingFiguresRows,
  ZERO_HEARING_COUNTS,
} from '../../../src/modules/statistics/hearing-figures';

describe('the hearing figures from counts per kind', () => {
  it('forms the adjournment and absence rates over the hearings with an outcome, not over all', () => {
    // 10 hearings: 5 held, 2 adjourned, 1 defendant absent, 1 party absent, 1 technical failure; 2 more cancelled
    // and 3 without an outcome do not count in the denominators.
    const row = hearingFiguresRow(
      'kind',
      'trial',
      {
        ...ZERO_HEARING_COUNTS,
        hearings: 15,
        held: 5,
        adjourned: 2,
        defendantAbsent: 1,
        partyAbsent: 1,
        technicalFailure: 1,
        noOutcome: 3,
        cancelled: 2,
      },
      [],
    );
    expect(row).toMatchObject({ withOutcome: 10, adjournmentRate: 0.2, absenceRate: 0.2 });
  });

  it('gives means of the minutes summed, and null rates and means where nothing divides', () => {
    const row = hearingFiguresRow(
      'overall',
      'all',
      {
        ...ZERO_HEARING_COUNTS,
        hearings: 3,
        noOutcome: 3,
        scheduledMinutesSum: 20 + 30 + 30,
        scheduledCount: 3,
      },
      [],
    );
    expect(row).toMatchObject({
      withOutcome: 0,
      adjournmentRate: null,
      absenceRate: null,
      meanScheduledMinutes: 26.67,
      actualDurationsKnown: 0,
      meanActualMinutes: null,
      casesFirstHeard: 0,
      medianDaysToFirstHearing: null,
    });
  });

  it('rolls the kinds up into the overall row and lists every kind, the empty ones with zeros', () => {
    const rows = hearingFiguresRows(
      new Map([
        [
          'trial',
          { ...ZERO_HEARING_COUNTS, hearings: 2, held: 1, adjourned: 1, scheduledMinutesSum: 60, scheduledCount: 2 },
        ],
        ['plea_signing', { ...ZERO_HEARING_COUNTS, hearings: 1, held: 1, scheduledMinutesSum: 15, scheduledCount: 1 }],
      ]),
      new Map([
        ['trial', [{ value: 10, count: 1 }]],
        [
          'plea_signing',
          [
            { value: 2, count: 1 },
            { value: 4, count: 1 },
          ],
        ],
      ]),
    );
    expect(rows.map((r) => `${r.groupBy}:${r.group}`)).toEqual([
      'overall:all',
      ...HEARING_KINDS.map((k) => `kind:${k}`),
    ]);
    expect(rows[0]).toMatchObject({
      hearings: 3,
      held: 2,
      adjourned: 1,
      withOutcome: 3,
      adjournmentRate: 0.3333,
      meanScheduledMinutes: 25,
      casesFirstHeard: 3,
      medianDaysToFirstHearing: 4,
    });
    expect(rows.find((r) => r.group === 'plea_signing')).toMatchObject({
      casesFirstHeard: 2,
      medianDaysToFirstHearing: 3,
    });
    expect(rows.find((r) => r.group === 'sentencing')).toMatchObject({
      hearings: 0,
      withOutcome: 0,
      adjournmentRate: null,
      meanScheduledMinutes: null,
      medianDaysToFirstHearing: null,
    });
  });
});
