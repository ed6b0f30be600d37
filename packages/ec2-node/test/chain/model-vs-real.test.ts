/**
 * The JS v3 model against the real SDK, Pod for Pod: the same provider
 * must win (or both must fail the same way), and for IMDS and the EKS Pod
 * Identity agent the same requests must reach them. The model runs without the extended
 * IMDS paths here, since the pinned real SDK does not use them.
 */

import { createCredentialChain, runRealSdkChain } from '@irsa-lab/ec2-node';
import type { MetadataOptions } from '@irsa-lab/imds';
import type { Caller } from '@irsa-lab/net';
import { describe, expect, it } from 'vitest';
import {
  FUTURE_START_MS,
  HOST_POD_CALLER,
  IRSA_ENV,
  imdsRequests,
  makeWorld,
  POD_CALLER,
  POD_IDENTITY_TOKEN_PATH,
  POD_IDENTITY_URI,
  ROLE_ARN,
  TOKEN_PATH,
} from './fixture.js';

interface Case {
  readonly title: string;
  readonly env: Readonly<Record<string, string>>;
  readonly files?: Readonly<Record<string, string>>;
  readonly caller?: Caller;
  readonly metadataOptions?: Partial<MetadataOptions>;
  /** The expected winner, or the expected model error code. */
  readonly expected: { source: string } | { error: string };
}

const TOKEN = { [TOKEN_PATH]: 'eyJ.compare.token' };
const KEYS = { AWS_ACCESS_KEY_ID: 'AKIAENVSTATIC0000001', AWS_SECRET_ACCESS_KEY: 'env-secret' };
const REGION = { AWS_REGION: 'us-west-2' };

const CASES: readonly Case[] = [
  {
    title: 'static env keys beside IRSA',
    env: { ...IRSA_ENV, ...KEYS },
    files: TOKEN,
    expected: { source: 'fromEnv' },
  },
  { title: 'IRSA only', env: IRSA_ENV, files: TOKEN, expected: { source: 'fromTokenFile' } },
  {
    title: 'a credentials file beside IRSA',
    env: IRSA_ENV,
    files: {
      ...TOKEN,
      '/root/.aws/credentials': '[default]\naws_access_key_id=AKIAPROFILE000000001\naws_secret_access_key=p\n',
    },
    expected: { source: 'fromIni' },
  },
  {
    title: 'a web-identity profile selected by AWS_PROFILE',
    env: { ...REGION, AWS_PROFILE: 'irsa' },
    files: {
      '/root/.aws/config': `[profile irsa]\nrole_arn = ${ROLE_ARN}\nweb_identity_token_file = /tokens/t\n`,
      '/tokens/t': 'eyJ.profile.token',
    },
    expected: { source: 'fromIni' },
  },
  {
    title: 'AWS_PROFILE (absent) with env keys and IRSA',
    env: { ...IRSA_ENV, ...KEYS, AWS_PROFILE: 'nope' },
    files: TOKEN,
    expected: { source: 'fromTokenFile' },
  },
  {
    title: 'a token file without AWS_ROLE_ARN',
    env: { ...REGION, AWS_WEB_IDENTITY_TOKEN_FILE: TOKEN_PATH },
    files: TOKEN,
    caller: HOST_POD_CALLER,
    expected: { source: 'fromInstanceMetadata' },
  },
  { title: 'no IRSA, hostNetwork', env: REGION, caller: HOST_POD_CALLER, expected: { source: 'fromInstanceMetadata' } },
  {
    title: 'EKS Pod Identity (FULL_URI + token file)',
    env: {
      ...REGION,
      AWS_CONTAINER_CREDENTIALS_FULL_URI: POD_IDENTITY_URI,
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: POD_IDENTITY_TOKEN_PATH,
    },
    files: { [POD_IDENTITY_TOKEN_PATH]: 'pod-identity-token' },
    expected: { source: 'fromHttp' },
  },
  {
    title: 'IRSA and Pod Identity both set (a chart hard-codes the IRSA variables): IRSA wins',
    env: {
      ...IRSA_ENV,
      AWS_CONTAINER_CREDENTIALS_FULL_URI: POD_IDENTITY_URI,
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: POD_IDENTITY_TOKEN_PATH,
    },
    files: { ...TOKEN, [POD_IDENTITY_TOKEN_PATH]: 'pod-identity-token' },
    expected: { source: 'fromTokenFile' },
  },
  {
    title: 'EKS Pod Identity, the agent refuses the token: no fallback to IMDS',
    env: {
      ...REGION,
      AWS_CONTAINER_CREDENTIALS_FULL_URI: POD_IDENTITY_URI,
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: POD_IDENTITY_TOKEN_PATH,
    },
    files: { [POD_IDENTITY_TOKEN_PATH]: 'foreign-token' },
    caller: HOST_POD_CALLER,
    expected: { error: 'CredentialsProviderError' },
  },
  {
    title: 'no IRSA, own netns, hop limit 1, tokens optional (1 s timeout)',
    env: REGION,
    metadataOptions: { httpTokens: 'optional', httpPutResponseHopLimit: 1 },
    expected: { source: 'fromInstanceMetadata' },
  },
  {
    title: 'STS rejects the token',
    env: IRSA_ENV,
    files: { [TOKEN_PATH]: 'bad' },
    expected: { error: 'InvalidIdentityToken' },
  },
  {
    title: 'IMDS disabled and nothing else',
    env: { ...REGION, AWS_EC2_METADATA_DISABLED: 'true' },
    caller: HOST_POD_CALLER,
    expected: { error: 'CHAIN_NO_CREDENTIALS' },
  },
  {
    title: 'no IRSA, own netns, hop limit 1, tokens required (1 s timeout)',
    env: REGION,
    metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
    expected: { error: 'CHAIN_NO_CREDENTIALS' },
  },
];

function worldFor(c: Case) {
  const world = makeWorld({
    startMs: FUTURE_START_MS,
    ...(c.metadataOptions ? { metadataOptions: c.metadataOptions } : {}),
  });
  return { world, pod: world.pod(c.env, c.files ?? {}, c.caller ?? POD_CALLER) };
}

describe('JS v3 model vs the real SDK', () => {
  it.each(CASES)('$title', async (c) => {
    const modelSide = worldFor(c);
    const model = await createCredentialChain(modelSide.pod, {
      sdk: 'js-v3',
      clock: modelSide.world.clock,
      imdsExtendedPath: false,
    }).resolve();
    const realSide = worldFor(c);
    const real = await runRealSdkChain(realSide.pod, realSide.world.net);

    if ('source' in c.expected) {
      expect(model).toMatchObject({ ok: true, credentials: { source: c.expected.source } });
      expect(real).toMatchObject({ ok: true, source: c.expected.source });
    } else {
      expect(model).toMatchObject({ ok: false, error: { code: c.expected.error } });
      expect(real.ok).toBe(false);
      if (c.expected.error === 'CHAIN_NO_CREDENTIALS')
        expect(real.error?.message).toBe(model.ok ? '' : model.error.message);
      else expect(real.error?.name).toMatch(new RegExp(`^${c.expected.error}`));
    }
    expect(imdsRequests(modelSide.world.log)).toEqual(imdsRequests(realSide.world.log));
    expect(modelSide.world.stsCalls.map((s) => s.token)).toEqual(realSide.world.stsCalls.map((s) => s.token));
    // and the same tokens reach the Pod Identity agent (none at all when IRSA wins)
    expect(modelSide.world.agentAuth).toEqual(realSide.world.agentAuth);
  });
});
