/**
 * The few statistics the benchmarks print. On a shared 2-core machine a median alone hides how far it could
 * move, so a goal is judged against a bootstrap confidence interval of the median, not the median by itself.
 */

/** The p-quantile (0–1) by nearest rank; NaN for no values. */
export function quantile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.floor(p * s.length)))] ?? NaN;
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

/**
 * A percentile-bootstrap interval for the median: `resamples` resamplings of xs with replacement, the
 * (1 − level)/2 and (1 + level)/2 quantiles of their medians. Seeded, so a printed table can be reproduced
 * from the same measurements.
 */
export function bootstrapMedianCi(xs: readonly number[], { level = 0.95, resamples = 2000, seed = 1 } = {}): [number, number] {
  if (xs.length === 0) return [NaN, NaN];
  // mulberry32: small, seedable, good enough to draw indices.
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const medians = Array.from({ length: resamples }, () => median(Array.from(xs, () => xs[Math.floor(random() * xs.length)] ?? NaN)));
  return [quantile(medians, (1 - level) / 2), quantile(medians, (1 + level) / 2)];
}

/**
 * Where a measured ratio stands against an upper limit, given its median's interval: clearly within (the whole
 * interval is at or under the limit), within (the median is), over but inside the noise (the interval still
 * reaches the limit), or clearly over.
 */
export type Verdict = 'clearly within' | 'within' | 'over, inside the noise' | 'clearly over';
export function verdict(ratios: readonly number[], limit: number, ci = bootstrapMedianCi(ratios)): Verdict {
  const [low, high] = ci;
  if (high <= limit) return 'clearly within';
  if (median(ratios) <= limit) return 'within';
  return low <= limit ? 'over, inside the noise' : 'clearly over';
}
