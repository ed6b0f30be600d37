/** The SDKs' standard retry backoff: full jitter under an exponential cap, throttling waits longer in JS v3. */

import { STANDARD_RETRY } from '@irsa-lab/ec2-node';
import { describe, expect, it } from 'vitest';

describe('standard retry', () => {
  it('JS v3: 3 attempts, random × 2^retry × 500 ms after throttling (100 ms otherwise), capped at 20 s', () => {
    const js = STANDARD_RETRY['js-v3'];
    expect(js.maxAttempts).toBe(3);
    expect([1, 2, 3].map((r) => js.delayMs(r, true, () => 0.999999))).toEqual([499, 999, 1999]);
    expect(js.delayMs(1, false, () => 0.5)).toBe(50);
    expect(js.delayMs(10, true, () => 0.999999)).toBe(20_000);
    expect(js.delayMs(1, true, () => 0)).toBe(0);
  });

  it('botocore standard: 3 attempts, random × min(2^(attempt-1), 20) s when throttled', () => {
    const boto = STANDARD_RETRY.botocore;
    expect(boto.maxAttempts).toBe(3);
    expect([1, 2, 6].map((r) => boto.delayMs(r, true, () => 0.5))).toEqual([500, 1000, 10_000]);
    expect(boto.delayMs(1, false, () => 1)).toBe(50);
  });
});
