import { describe, expect, it } from 'vitest';
import { bootstrapMedianCi, median, quantile, verdict } from '../../bench/stats.ts';

describe('benchmark statistics', () => {
  it('takes quantiles by nearest rank, whatever the order of the values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(quantile([10, 40, 20, 30], 0.1)).toBe(10);
    expect(quantile([10, 40, 20, 30], 0.9)).toBe(40);
    expect(median([])).toBeNaN();
  });

  it('gives a median interval that holds the median, narrows with more measurements and is the same for the same seed', () => {
    // Deterministic "noisy" ratios around 1.08.
    const ratios = (n: number) => Array.from({ length: n }, (_, i) => 1.08 + 0.1 * Math.sin(i * 12.9898));
    const [low11, high11] = bootstrapMedianCi(ratios(11));
    const [low101, high101] = bootstrapMedianCi(ratios(101));
    expect(low11).toBeLessThanOrEqual(median(ratios(11)));
    expect(high11).toBeGreaterThanOrEqual(median(ratios(11)));
    expect(high101 - low101).toBeLessThan(high11 - low11);
    expect(bootstrapMedianCi(ratios(31), { seed: 7 })).toEqual(bootstrapMedianCi(ratios(31), { seed: 7 }));
    expect(bootstrapMedianCi([1.2, 1.2, 1.2])).toEqual([1.2, 1.2]);
  });

  it('tells a ratio clearly within or clearly over a limit from one inside the noise', () => {
    expect(verdict([1.01, 1.02, 1.03, 1.04, 1.05], 1.1)).toBe('clearly within');
    expect(verdict([1.2, 1.21, 1.22, 1.23, 1.24], 1.1)).toBe('clearly over');
    expect(verdict([1.0, 1.05, 1.09, 1.3, 1.4], 1.1)).toBe('within');
    expect(verdict([0.9, 1.0, 1.12, 1.3, 1.4], 1.1)).toBe('over, inside the noise');
  });
});
