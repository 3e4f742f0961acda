import { meanOf, medianOfCounts, roundTo } from '../../../src/modules/statistics/averages';

describe('means and medians from sums and histograms', () => {
  it('takes the middle value of an odd count, wherever it falls in the histogram', () => {
    // 2, 2, 5, 9, 9 → 5; the histogram comes unsorted.
    expect(
      medianOfCounts([
        { value: 9, count: 2 },
        { value: 2, count: 2 },
        { value: 5, count: 1 },
      ]),
    ).toBe(5);
    expect(medianOfCounts([{ value: 7, count: 1 }])).toBe(7);
  });

  it('takes the mean of the two middle values of an even count, across two entries or within one', () => {
    // 1, 4 → 2.5; 3, 3, 3, 8 → 3.
    expect(
      medianOfCounts([
        { value: 1, count: 1 },
        { value: 4, count: 1 },
      ]),
    ).toBe(2.5);
    expect(
      medianOfCounts([
        { value: 8, count: 1 },
        { value: 3, count: 3 },
      ]),
    ).toBe(3);
  });

  it('adds up a value given in several entries, and gives null for nothing', () => {
    // 0, 0, 0 (two entries), 10, 10 → 0.
    expect(
      medianOfCounts([
        { value: 0, count: 2 },
        { value: 10, count: 2 },
        { value: 0, count: 1 },
      ]),
    ).toBe(0);
    expect(medianOfCounts([])).toBeNull();
    expect(medianOfCounts([{ value: 3, count: 0 }])).toBeNull();
  });

  it('rounds means to 2 decimals, half away from zero, and null over none', () => {
    expect(meanOf(100, 3)).toBe(33.33);
    expect(meanOf(20, 3)).toBe(6.67);
    expect(meanOf(0, 4)).toBe(0);
    expect(meanOf(0, 0)).toBeNull();
    expect(roundTo(2.345, 2)).toBe(2.35);
    expect(roundTo(-2.5, 0)).toBe(-3);
  });
});
