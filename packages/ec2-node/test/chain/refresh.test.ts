/**
 * Caching and refresh windows in simulated time (docs/reference.md#credential-refresh-windows):
 * JS v3 refreshes 5 min before expiry and re-runs its whole chain; botocore
 * refreshes 15 min before (advisory) and must by 10 min before (mandatory),
 * re-running only the provider that produced the credentials. The token
 * file is read again on every refresh.
 */
import { DEFAULT_START_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from '@irsa-lab/core';
import { createCredentialChain, REFRESH_WINDOWS, type SdkFlavor } from '@irsa-lab/ec2-node';
import { describe, expect, it } from 'vitest';
import { IRSA_ENV, makeWorld, TOKEN_PATH } from './fixture.js';

const EXPIRES_MS = DEFAULT_START_MS + HOUR_MS; // the fake STS hands out 1-hour credentials

function irsaPod(sdk: SdkFlavor) {
  const world = makeWorld();
  const pod = world.pod(IRSA_ENV, { [TOKEN_PATH]: 'token-v1' });
  const chain = createCredentialChain(pod, { sdk, clock: world.clock, log: world.log });
  return { world, pod, chain };
}

describe.each([
  ['js-v3', 5],
  ['botocore', 15],
] as const)('%s refresh', (sdk, minutesBefore) => {
  it(`serves the cache while ${minutesBefore} min or more are left, then calls STS with the re-read token`, async () => {
    const { world, pod, chain } = irsaPod(sdk);
    const first = await chain.resolve();
    expect(first).toMatchObject({ ok: true, fromCache: false });
    // exactly the window left is not yet "fewer than" it
    world.clock.jumpTo(EXPIRES_MS - minutesBefore * MINUTE_MS);
    expect(await chain.resolve()).toMatchObject({ ok: true, fromCache: true, trace: [] });
    expect(world.stsCalls).toHaveLength(1);

    pod.files.set(TOKEN_PATH, 'token-v2');
    world.clock.advanceBy(SECOND_MS);
    const refreshed = await chain.resolve();
    expect(refreshed).toMatchObject({ ok: true, fromCache: false });
    expect(world.stsCalls.map((c) => c.token)).toEqual(['token-v1', 'token-v2']);
    expect(refreshed.ok && first.ok && refreshed.credentials.accessKeyId).not.toBe(
      first.ok && first.credentials.accessKeyId,
    );
    expect(refreshed.ok && refreshed.credentials.expirationMs).toBe(world.clock.nowMs() + HOUR_MS);
  });

  it('keeps the old credentials when a refresh fails while they are still usable', async () => {
    const { world, pod, chain } = irsaPod(sdk);
    const first = await chain.resolve();
    pod.files.set(TOKEN_PATH, 'bad');
    world.clock.jumpTo(EXPIRES_MS - minutesBefore * MINUTE_MS + SECOND_MS);
    const kept = await chain.resolve();
    expect(kept).toMatchObject({ ok: true, fromCache: true, refreshError: { code: 'InvalidIdentityToken' } });
    expect(kept.ok && first.ok && kept.credentials.accessKeyId).toBe(first.ok && first.credentials.accessKeyId);
    expect(kept.trace.at(-1)).toMatchObject({ outcome: 'failed-stop' });
  });

  it('fails once the old credentials are no longer usable', async () => {
    const { world, pod, chain } = irsaPod(sdk);
    await chain.resolve();
    pod.files.set(TOKEN_PATH, 'bad');
    world.clock.jumpTo(EXPIRES_MS - REFRESH_WINDOWS[sdk].hardMs + SECOND_MS);
    expect(await chain.resolve()).toMatchObject({ ok: false, error: { code: 'InvalidIdentityToken' } });
    expect(world.log.all('chain.failed')).toHaveLength(1);
  });

  it('shares one resolution between concurrent callers', async () => {
    const { world, chain } = irsaPod(sdk);
    const [a, b] = await Promise.all([chain.resolve(), chain.resolve()]);
    expect(a).toBe(b);
    expect(world.stsCalls).toHaveLength(1);
  });
});

describe('what a refresh re-runs', () => {
  it('JS v3 re-runs the whole memoized chain', async () => {
    const { world, chain } = irsaPod('js-v3');
    await chain.resolve();
    world.clock.jumpTo(EXPIRES_MS - 5 * MINUTE_MS + SECOND_MS);
    const refreshed = await chain.resolve();
    expect(refreshed.trace.map((a) => a.provider)).toEqual([
      'fromEnv',
      'fromSSO',
      'fromIni',
      'fromProcess',
      'fromTokenFile',
    ]);
  });

  it('botocore re-runs only the provider that produced the credentials', async () => {
    const { world, chain } = irsaPod('botocore');
    await chain.resolve();
    world.clock.jumpTo(EXPIRES_MS - 15 * MINUTE_MS + SECOND_MS);
    const refreshed = await chain.resolve();
    expect(refreshed.trace.map((a) => a.provider)).toEqual(['assume-role-with-web-identity']);
  });

  it('static keys without an expiration are never refreshed', async () => {
    const world = makeWorld();
    const pod = world.pod({ AWS_ACCESS_KEY_ID: 'AKIASTATIC0000000001', AWS_SECRET_ACCESS_KEY: 's' });
    const chain = createCredentialChain(pod, { sdk: 'js-v3', clock: world.clock });
    await chain.resolve();
    world.clock.advanceBy(48 * HOUR_MS);
    expect(await chain.resolve()).toMatchObject({ ok: true, fromCache: true, credentials: { source: 'fromEnv' } });
  });
});
