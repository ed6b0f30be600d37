/**
 * Both chain models against the same situations: which provider wins, what
 * stops the chain, and what IMDS sees (docs/reference.md#sdk-credential-chains).
 */
import { DEFAULT_START_MS } from '@irsa-lab/core';
import { type ChainResult, createCredentialChain, type ProviderName, type SdkFlavor } from '@irsa-lab/ec2-node';
import { describe, expect, it } from 'vitest';
import {
  HOST_POD_CALLER,
  IRSA_ENV,
  imdsRequests,
  makeWorld,
  NODE_ROLE_KEY,
  POD_CALLER,
  POD_IDENTITY_KEY,
  POD_IDENTITY_TOKEN_PATH,
  POD_IDENTITY_URI,
  ROLE_ARN,
  type TestWorld,
  TOKEN_PATH,
} from './fixture.js';

interface Names {
  readonly env: ProviderName;
  readonly webIdentity: ProviderName;
  readonly container: ProviderName;
  readonly imds: ProviderName;
  readonly sessionName: RegExp;
}

const NAMES: Record<SdkFlavor, Names> = {
  'js-v3': {
    env: 'fromEnv',
    webIdentity: 'fromTokenFile',
    container: 'fromHttp',
    imds: 'fromInstanceMetadata',
    sessionName: new RegExp(`^aws-sdk-js-session-${DEFAULT_START_MS}$`),
  },
  botocore: {
    env: 'env',
    webIdentity: 'assume-role-with-web-identity',
    container: 'container-role',
    imds: 'iam-role',
    sessionName: new RegExp(`^botocore-session-${DEFAULT_START_MS / 1000}$`),
  },
};

const STATIC_KEYS = { AWS_ACCESS_KEY_ID: 'AKIAENVSTATIC0000001', AWS_SECRET_ACCESS_KEY: 'env-secret' };

async function resolveIn(world: TestWorld, sdk: SdkFlavor, pod: ReturnType<TestWorld['pod']>): Promise<ChainResult> {
  return createCredentialChain(pod, { sdk, clock: world.clock, log: world.log }).resolve();
}

function attemptOf(result: ChainResult, provider: ProviderName) {
  return result.trace.find((a) => a.provider === provider);
}

describe.each(['js-v3', 'botocore'] as const)('%s chain', (sdk) => {
  const names = NAMES[sdk];

  it('takes static env keys before the IRSA token file', async () => {
    const world = makeWorld();
    const pod = world.pod({ ...IRSA_ENV, ...STATIC_KEYS }, { [TOKEN_PATH]: 'eyJ.token.v1' });
    const result = await resolveIn(world, sdk, pod);
    expect(result).toMatchObject({ ok: true, fromCache: false, credentials: { source: names.env } });
    expect(result.ok && result.credentials.accessKeyId).toBe('AKIAENVSTATIC0000001');
    expect(world.stsCalls).toEqual([]);
    expect(result.trace.at(-1)).toMatchObject({ provider: names.env, outcome: 'resolved' });
  });

  it('assumes the role with the token file through regional STS', async () => {
    const world = makeWorld();
    const pod = world.pod(IRSA_ENV, { [TOKEN_PATH]: 'eyJ.token.v1' });
    const result = await resolveIn(world, sdk, pod);
    expect(result).toMatchObject({ ok: true, credentials: { source: names.webIdentity } });
    expect(world.stsCalls).toHaveLength(1);
    const call = world.stsCalls[0];
    expect(call).toMatchObject({ host: 'sts.us-west-2.amazonaws.com', roleArn: ROLE_ARN, token: 'eyJ.token.v1' });
    expect(call?.roleSessionName).toMatch(names.sessionName);
    expect(result.ok && result.credentials).toMatchObject({
      accessKeyId: call?.accessKeyId,
      sessionToken: `session-${call?.accessKeyId}`,
      expirationMs: DEFAULT_START_MS + 3_600_000,
    });
    const attempt = attemptOf(result, names.webIdentity);
    expect(attempt?.reads).toEqual(expect.arrayContaining(['AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN', TOKEN_PATH]));
    expect(attempt?.requests).toEqual([{ method: 'POST', url: 'https://sts.us-west-2.amazonaws.com/', status: 200 }]);
  });

  it('stops at an STS error: no fallback to the node role', async () => {
    const world = makeWorld();
    const pod = world.pod(IRSA_ENV, { [TOKEN_PATH]: 'bad' }, HOST_POD_CALLER);
    const result = await resolveIn(world, sdk, pod);
    expect(result).toMatchObject({ ok: false, error: { code: 'InvalidIdentityToken', provider: names.webIdentity } });
    expect(result.trace.at(-1)).toMatchObject({ provider: names.webIdentity, outcome: 'failed-stop' });
    expect(result.trace.some((a) => a.provider === names.imds)).toBe(false);
    expect(imdsRequests(world.log)).toEqual([]);
  });

  it('stops when the token file is missing', async () => {
    const world = makeWorld();
    const result = await resolveIn(world, sdk, world.pod(IRSA_ENV, {}, HOST_POD_CALLER));
    expect(result).toMatchObject({ ok: false, error: { code: 'ENOENT', provider: names.webIdentity } });
    expect(imdsRequests(world.log)).toEqual([]);
  });

  it('without IRSA uses IMDSv2 from a hostNetwork Pod', async () => {
    const world = makeWorld();
    const result = await resolveIn(world, sdk, world.pod({ AWS_REGION: 'us-west-2' }, {}, HOST_POD_CALLER));
    expect(result).toMatchObject({ ok: true, credentials: { source: names.imds, accessKeyId: NODE_ROLE_KEY } });
    const requests = imdsRequests(world.log);
    expect(requests[0]).toBe('PUT /latest/api/token v2 200');
    expect(requests.slice(1).every((r) => r.includes(' v2 '))).toBe(true);
    expect(requests.at(-1)).toBe('GET /latest/meta-data/iam/security-credentials/eks-node-role v2 200');
  });

  it('falls back to IMDSv1 when the hop limit drops the token (http-tokens optional)', async () => {
    const world = makeWorld({ metadataOptions: { httpTokens: 'optional', httpPutResponseHopLimit: 1 } });
    const result = await resolveIn(world, sdk, world.pod({ AWS_REGION: 'us-west-2' }, {}, POD_CALLER));
    expect(result).toMatchObject({ ok: true, credentials: { source: names.imds, accessKeyId: NODE_ROLE_KEY } });
    const attempt = attemptOf(result, names.imds);
    expect(attempt?.requests?.[0]).toMatchObject({ method: 'PUT', status: 'NET_TIMEOUT' });
    expect(attempt?.requests?.at(-1)).toMatchObject({ method: 'GET', status: 200 });
    expect(imdsRequests(world.log).at(-1)).toBe('GET /latest/meta-data/iam/security-credentials/eks-node-role v1 200');
  });

  it('fails when the hop limit drops the token and http-tokens is required', async () => {
    const world = makeWorld({ metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 } });
    const result = await resolveIn(world, sdk, world.pod({ AWS_REGION: 'us-west-2' }, {}, POD_CALLER));
    expect(result).toMatchObject({ ok: false, error: { code: 'CHAIN_NO_CREDENTIALS', provider: names.imds } });
    const attempt = attemptOf(result, names.imds);
    expect(attempt?.outcome).toBe('failed-continue');
    expect(attempt?.requests?.map((r) => r.status)).toEqual(['NET_TIMEOUT', 401]);
    expect(attempt?.detail).toMatch(/401/);
  });

  it('does not call IMDS when AWS_EC2_METADATA_DISABLED=true', async () => {
    const world = makeWorld();
    const pod = world.pod({ AWS_REGION: 'us-west-2', AWS_EC2_METADATA_DISABLED: 'true' }, {}, HOST_POD_CALLER);
    const result = await resolveIn(world, sdk, pod);
    expect(result).toMatchObject({ ok: false, error: { code: 'CHAIN_NO_CREDENTIALS' } });
    expect(attemptOf(result, names.imds)).toMatchObject({ outcome: 'failed-continue' });
    expect(imdsRequests(world.log)).toEqual([]);
  });

  it('gets EKS Pod Identity credentials from FULL_URI with the token file, read on every resolve', async () => {
    const world = makeWorld();
    const env = {
      AWS_REGION: 'us-west-2',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: POD_IDENTITY_URI,
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: POD_IDENTITY_TOKEN_PATH,
    };
    const pod = world.pod(env, { [POD_IDENTITY_TOKEN_PATH]: 'pod-identity-token-1' });
    const chain = createCredentialChain(pod, { sdk, clock: world.clock });
    expect(await chain.resolve()).toMatchObject({
      ok: true,
      credentials: { source: names.container, accessKeyId: POD_IDENTITY_KEY },
    });
    pod.files.set(POD_IDENTITY_TOKEN_PATH, 'pod-identity-token-2');
    world.clock.advanceBy(6 * 3_600_000 - 5 * 60_000 + 1_000); // fewer than 5 minutes left
    expect(await chain.resolve()).toMatchObject({ ok: true, fromCache: false });
    expect(world.agentAuth).toEqual(['pod-identity-token-1', 'pod-identity-token-2']);
    expect(imdsRequests(world.log)).toEqual([]);
  });

  it('uses IRSA when both the IRSA and the Pod Identity variables are set: the container provider is never reached', async () => {
    const world = makeWorld();
    const env = {
      ...IRSA_ENV,
      AWS_CONTAINER_CREDENTIALS_FULL_URI: POD_IDENTITY_URI,
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: POD_IDENTITY_TOKEN_PATH,
    };
    const pod = world.pod(env, { [TOKEN_PATH]: 'eyJ.token.v1', [POD_IDENTITY_TOKEN_PATH]: 'pod-identity-token-1' });
    const result = await resolveIn(world, sdk, pod);
    expect(result).toMatchObject({ ok: true, credentials: { source: names.webIdentity } });
    expect(world.agentAuth).toEqual([]);
    expect(attemptOf(result, names.container)).toBeUndefined();
  });

  it('stops when the agent refuses the token, without falling back to IMDS', async () => {
    const world = makeWorld();
    const env = {
      AWS_REGION: 'us-west-2',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: POD_IDENTITY_URI,
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: POD_IDENTITY_TOKEN_PATH,
    };
    const result = await resolveIn(
      world,
      sdk,
      world.pod(env, { [POD_IDENTITY_TOKEN_PATH]: 'a-foreign-token' }, HOST_POD_CALLER),
    );
    expect(result.ok).toBe(false);
    expect(imdsRequests(world.log)).toEqual([]);
    const error = result.ok ? undefined : result.error;
    if (sdk === 'js-v3') {
      // fromHttp fails with tryNextLink, and fromContainerMetadata refuses the EKS address (smithy-typescript#1143)
      expect(error).toMatchObject({
        code: 'CredentialsProviderError',
        provider: 'fromContainerMetadata',
        message: '169.254.170.23 is not a valid container metadata service hostname',
      });
    } else {
      expect(error).toMatchObject({
        code: 'CredentialRetrievalError',
        message:
          'Error when retrieving credentials from container-role: Received non 200 response 401 from container metadata: {"Message":"invalid token"}',
      });
    }
  });

  it('logs the resolution with the pod, sdk, source and trace', async () => {
    const world = makeWorld();
    await resolveIn(world, sdk, world.pod(IRSA_ENV, { [TOKEN_PATH]: 'eyJ.token.v1' }));
    const events = world.log.all('chain.resolved');
    expect(events).toHaveLength(1);
    const data = events[0]?.data as { pod: string; sdk: string; source: string; trace: string[] };
    expect(data).toMatchObject({ pod: POD_CALLER.id, sdk, source: names.webIdentity });
    expect(data.trace.at(-1)).toBe(`${names.webIdentity}:resolved`);
  });
});
