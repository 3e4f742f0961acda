import {
  accuracyRow,
  accuracyRows,
  bucketOf,
  DISTANCE_BUCKETS,
  type DistanceCount,
} from '../../../src/modules/statistics/proposal-accuracy';

describe('the accuracy of sentencing proposals from counts per distance', () => {
  it('puts each distance in the bucket whose bounds hold it, bounds included', () => {
    expect([1, 3, 4, 6, 7, 12, 13, 24, 25, 240].map(bucketOf)).toEqual([
      '1to3',
      '1to3',
      '4to6',
      '4to6',
      '7to12',
      '7to12',
      '13to24',
      '13to24',
      '25plus',
      '25plus',
    ]);
    expect(() => bucketOf(0)).toThrow();
    expect(DISTANCE_BUCKETS.map((b) => b.key)).toEqual(['1to3', '4to6', '7to12', '13to24', '25plus']);
  });

  it('counts sentences within the proposal, and lighter and heavier ones apart, with their means and buckets', () => {
    // 10 decided: 6 within, 2 lighter by 2 and 6 months, 2 heavier by 3 months each.
    const counts: DistanceCount[] = [
      { penalty: 'fixed_term', kind: 'definite', distance: 0, count: 6 },
      { penalty: 'fixed_term', kind: 'definite', distance: -2, count: 1 },
      { penalty: 'fixed_term', kind: 'range', distance: -6, count: 1 },
      { penalty: 'fixed_term', kind: 'range', distance: 3, count: 2 },
    ];
    expect(accuracyRow('overall', 'all', counts)).toEqual({
      groupBy: 'overall',
      group: 'all',
      decided: 10,
      withinProposal: 6,
      accuracyRate: 0.6,
      lighter: 2,
      heavier: 2,
      meanDistanceMonths: 1.4,
      meanLighterMonths: 4,
      meanHeavierMonths: 3,
      lighter1to3: 1,
      lighter4to6: 1,
      lighter7to12: 0,
      lighter13to24: 0,
      lighter25plus: 0,
      heavier1to3: 2,
      heavier4to6: 0,
      heavier7to12: 0,
      heavier13to24: 0,
      heavier25plus: 0,
    });
  });

  it('has a row for the whole, each penalty and each proposal kind; an empty group has zeros and nulls', () => {
    const rows = accuracyRows([
      { penalty: 'fixed_term', kind: 'definite', distance: 0, count: 2 },
      { penalty: 'criminal_detention', kind: 'range', distance: 1, count: 1 },
    ]);
    expect(rows.map((r) => [r.groupBy, r.group, r.decided, r.accuracyRate])).toEqual([
      ['overall', 'all', 3, 0.6667],
      ['penalty', 'fixed_term', 2, 1],
      ['penalty', 'criminal_detention', 1, 0],
      ['penalty', 'public_surveillance', 0, null],
      ['penalty', 'fine_only', 0, null],
      ['proposalKind', 'definite', 2, 1],
      ['proposalKind', 'range', 1, 0],
    ]);
    expect(rows[3]).toMatchObject({ meanDistanceMonths: null, meanLighterMonths: null, heavier1to3: 0 });
  });
});
