/**
 * Properties of whole simulated worlds: isolation (against an
 * independent oracle), rotation, refresh, the IMDS truth table and
 * model-based command runs, plus the regression the isolation property
 * found. Each property lives in its own module; they share this one file
 * (it was one file when every test file paid the simulation's import again;
 * vitest now keeps a worker's modules, see ../../../../vitest.shared.ts).
 * Run counts: PROP_RUNS (default 1,000 isolation worlds), see runs.ts.
 */
import { describe, expect, it } from 'vitest';
import { IMDS_PROPERTY } from './imds-property.js';
import { ISOLATION_PROPERTY } from './isolation-property.js';
import { MODEL_PROPERTY } from './model-based-property.js';
import { REFRESH_PROPERTY } from './refresh-property.js';
import { exchangeAroundRetentionEdge } from './retention-edge.js';
import { ROTATION_PROPERTY } from './rotation-property.js';
import { registerProperty } from './runs.js';

describe('isolation', () => registerProperty(ISOLATION_PROPERTY));
describe('rotation', () => registerProperty(ROTATION_PROPERTY));
describe('refresh', () => registerProperty(REFRESH_PROPERTY));
describe('IMDS', () => registerProperty(IMDS_PROPERTY));
describe('model-based', () => registerProperty(MODEL_PROPERTY));

describe('regression: a retired key at the end of the exp leeway (retention-edge.ts)', () => {
  it('is still published a millisecond before the last second', async () => {
    expect(await exchangeAroundRetentionEdge(-1)).toBe('issued');
  });

  // was a known issue (RETENTION_EDGE_KNOWN_ISSUE in oracle.ts): the issuer now keeps the key through that second
  it('still verifies a token STS considers unexpired, in that last second', async () => {
    expect(await exchangeAroundRetentionEdge(0)).toBe('issued');
  });
});
