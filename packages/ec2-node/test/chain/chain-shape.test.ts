/**
 * A chain's shape: an SDK older than the first version with the web-identity
 * provider (EKS user guide, "Use IRSA with the AWS SDK") goes past the IRSA
 * variables to IMDS; an app's own chain has only the providers it names.
 */

import {
  type ChainResult,
  compareVersions,
  createCredentialChain,
  hasWebIdentity,
  type ProviderName,
  type SdkFlavor,
} from '@irsa-lab/ec2-node';
import { describe, expect, it } from 'vitest';
import { HOST_POD_CALLER, IRSA_ENV, makeWorld, type TestWorld, TOKEN_PATH } from './fixture.js';

const FILES = { [TOKEN_PATH]: 'eyJ.token.v1' };

function resolve(
  world: TestWorld,
  sdk: SdkFlavor,
  shape: { sdkVersion?: string; providers?: readonly ProviderName[] },
): Promise<ChainResult> {
  return createCredentialChain(world.pod(IRSA_ENV, FILES, HOST_POD_CALLER), {
    sdk,
    clock: world.clock,
    ...shape,
  }).resolve();
}

describe('SDK versions', () => {
  it('compares major.minor.patch numerically', () => {
    expect(compareVersions('3.27.0', '3.9.0')).toBeGreaterThan(0);
    expect(compareVersions('1.12.199', '1.12.200')).toBeLessThan(0);
    expect(compareVersions('3.27.0', '3.27.0')).toBe(0);
    expect(hasWebIdentity('js-v3', undefined)).toBe(true);
  });

  for (const [sdk, old, minimum, irsa, imds] of [
    ['js-v3', '3.26.0', '3.27.0', 'fromTokenFile', 'fromInstanceMetadata'],
    ['botocore', '1.12.199', '1.12.200', 'assume-role-with-web-identity', 'iam-role'],
  ] as const) {
    it(`${sdk} ${old} has no web identity provider and ends at IMDS; ${minimum} uses IRSA`, async () => {
      const world = makeWorld();
      const before = await resolve(world, sdk, { sdkVersion: old });
      expect(before).toMatchObject({ ok: true, credentials: { source: imds } });
      const skipped = before.trace.find((a) => a.provider === irsa);
      expect(skipped).toMatchObject({ outcome: 'skipped', reads: [] });
      expect(skipped?.detail).toContain(`joined the default chain in ${minimum}`);
      expect(world.stsCalls).toHaveLength(0);
      expect(await resolve(world, sdk, { sdkVersion: minimum })).toMatchObject({
        ok: true,
        credentials: { source: irsa },
      });
    });
  }

  it('refuses a version that is not major.minor.patch', () => {
    const world = makeWorld();
    expect(() =>
      createCredentialChain(world.pod(IRSA_ENV), { sdk: 'js-v3', clock: world.clock, sdkVersion: 'v3' }),
    ).toThrow(TypeError);
  });
});

describe("an app's own chain", () => {
  it('has only the providers it names, in its order: fromEnv then IMDS skips IRSA', async () => {
    const world = makeWorld();
    const got = await resolve(world, 'js-v3', { providers: ['fromEnv', 'fromInstanceMetadata'] });
    expect(got.trace.map((a) => a.provider)).toEqual(['fromEnv', 'fromInstanceMetadata']);
    expect(got).toMatchObject({ ok: true, credentials: { source: 'fromInstanceMetadata' } });
    expect(world.stsCalls).toHaveLength(0);
  });

  it('refuses a provider the SDK does not have, and an empty chain', () => {
    const world = makeWorld();
    const pod = world.pod(IRSA_ENV);
    expect(() => createCredentialChain(pod, { sdk: 'botocore', clock: world.clock, providers: ['fromEnv'] })).toThrow(
      TypeError,
    );
    expect(() => createCredentialChain(pod, { sdk: 'js-v3', clock: world.clock, providers: [] })).toThrow(TypeError);
  });
});
