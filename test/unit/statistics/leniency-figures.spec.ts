import { figuresRow, periodsOf, rate, ZERO_COUNTS } from '../../../src/modules/statistics/leniency-figures';

describe('the leniency figures from counts of persons', () => {
  it('rounds rates to 4 decimals and gives null where nothing divides', () => {
    // Ningxia, December 2019: 75.67% application rate.
    expect(rate(3848, 5085)).toBe(0.7567);
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(2, 3)).toBe(0.6667);
    expect(rate(0, 7)).toBe(0);
    expect(rate(0, 0)).toBeNull();
  });

  it('forms each rate over its own denominator, adoption over rulings and over proposals made', () => {
    const row = figuresRow('2019-12', {
      ...ZERO_COUNTS,
      personsConcluded: 40,
      personsWithLeniency: 30,
      proposals: 25,
      definiteProposals: 10,
      proposalsRuled: 20,
      adopted: 18,
      adoptedAfterAdjustment: 2,
      definiteRuled: 8,
      definiteAdopted: 7,
    });
    expect(row).toMatchObject({
      period: '2019-12',
      applicationRate: 0.75,
      definiteShare: 0.4,
      adoptionRate: 0.9,
      adoptionRateOverProposalsMade: 0.72,
      definiteAdoptionRate: 0.875,
    });
  });

  it('gives an empty period its zeros and null rates', () => {
    expect(figuresRow('2019-02', ZERO_COUNTS)).toEqual({
      period: '2019-02',
      ...ZERO_COUNTS,
      applicationRate: null,
      definiteShare: null,
      adoptionRate: null,
      adoptionRateOverProposalsMade: null,
      definiteAdoptionRate: null,
    });
  });
});

describe('the periods of a window, in the organization time zone', () => {
  it('lists every month of a year with its local boundaries', () => {
    const months = periodsOf('2019-01-01', '2019-12-31', 'month', 'Asia/Shanghai');
    expect(months.map((m) => m.period)).toEqual([
      '2019-01',
      '2019-02',
      '2019-03',
      '2019-04',
      '2019-05',
      '2019-06',
      '2019-07',
      '2019-08',
      '2019-09',
      '2019-10',
      '2019-11',
      '2019-12',
    ]);
    // December in Shanghai runs from 30 November 16:00 UTC to 31 December 16:00 UTC: 23:30 on New Year's Eve is
    // still December there, though it is already 15:30 UTC on the 31st.
    expect(months[11]).toEqual({
      period: '2019-12',
      start: new Date('2019-11-30T16:00:00Z'),
      end: new Date('2019-12-31T16:00:00Z'),
    });
  });

  it('follows daylight saving: a London month starts at local midnight, whatever the offset', () => {
    const [march, april] = periodsOf('2019-03-01', '2019-04-30', 'month', 'Europe/London');
    expect(march).toEqual({
      period: '2019-03',
      start: new Date('2019-03-01T00:00:00Z'),
      end: new Date('2019-03-31T23:00:00Z'),
    });
    expect(april.start).toEqual(new Date('2019-03-31T23:00:00Z'));
  });

  it('labels quarters and years, and cuts the first and last period at the window', () => {
    expect(periodsOf('2019-02-15', '2019-08-10', 'quarter', 'UTC')).toEqual([
      { period: '2019-Q1', start: new Date('2019-02-15T00:00:00Z'), end: new Date('2019-04-01T00:00:00Z') },
      { period: '2019-Q2', start: new Date('2019-04-01T00:00:00Z'), end: new Date('2019-07-01T00:00:00Z') },
      { period: '2019-Q3', start: new Date('2019-07-01T00:00:00Z'), end: new Date('2019-08-11T00:00:00Z') },
    ]);
    expect(periodsOf('2018-06-01', '2019-05-31', 'year', 'UTC').map((p) => p.period)).toEqual(['2018', '2019']);
    expect(periodsOf('2019-01-01', '2019-12-31', 'none', 'Asia/Shanghai')).toEqual([
      {
        period: '2019-01-01/2019-12-31',
        start: new Date('2018-12-31T16:00:00Z'),
        end: new Date('2019-12-31T16:00:00Z'),
      },
    ]);
  });
});
