/**
 * How each SDK retries a throttled call in its standard retry mode: how many
 * attempts in all, and how long it waits before the next one (exponential
 * backoff with full jitter). JS v3: @smithy/util-retry's StandardRetryStrategy
 * (3 attempts; min(20 s, random × 2^retry × 500 ms) after a throttling
 * error, 100 ms base otherwise). botocore `standard` mode: 3 attempts,
 * random × min(2^(attempt-1), 20) s (its `legacy` mode, boto3's default,
 * makes 5: "reached max retries: 4"). The random source is passed in.
 */
import type { SdkFlavor } from '../types.js';

/** A retry strategy: attempts in all, and the wait before retry number `retry` (1 for the first retry). */
export interface RetryPolicy {
  readonly maxAttempts: number;
  delayMs(retry: number, throttling: boolean, random: () => number): number;
}

/** Error codes both SDKs treat as throttling (a subset of their lists: the ones STS sends). */
export const THROTTLING_CODES: readonly string[] = ['Throttling', 'ThrottlingException', 'RequestLimitExceeded'];

const MAXIMUM_RETRY_DELAY_MS = 20_000;

export const STANDARD_RETRY: Readonly<Record<SdkFlavor, RetryPolicy>> = {
  'js-v3': {
    maxAttempts: 3,
    delayMs: (retry, throttling, random) =>
      Math.floor(Math.min(MAXIMUM_RETRY_DELAY_MS, random() * 2 ** (retry - 1) * (throttling ? 500 : 100))),
  },
  botocore: {
    maxAttempts: 3,
    delayMs: (retry, throttling, random) =>
      Math.floor(random() * Math.min((throttling ? 1 : 0.05) * 2 ** (retry - 1), 20) * 1000),
  },
};
