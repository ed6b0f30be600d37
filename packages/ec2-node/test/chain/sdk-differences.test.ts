/**
 * Where JS SDK v3 and botocore disagree for the same Pod
 * (docs/reference.md#botocore-and-boto3, docs/reference.md#sts-endpoints): the order of web
 * identity and the shared files, AWS_PROFILE,
 * half a configuration, and which STS endpoint they call.
 */

import { POD_IDENTITY_CREDENTIALS_URI, POD_IDENTITY_TOKEN_PATH, SimError } from '@irsa-lab/core';
import { type ChainResult, createCredentialChain, type SdkFlavor } from '@irsa-lab/ec2-node';
import { describe, expect, it } from 'vitest';
import { HOST_POD_CALLER, IRSA_ENV, makeWorld, ROLE_ARN, type TestWorld, TOKEN_PATH } from './fixture.js';

const CREDENTIALS_FILE =
  '[default]\naws_access_key_id = AKIAPROFILE000000001\naws_secret_access_key = profile-secret\n';

function resolve(world: TestWorld, sdk: SdkFlavor, pod: ReturnType<TestWorld['pod']>): Promise<ChainResult> {
  return createCredentialChain(pod, { sdk, clock: world.clock }).resolve();
}

describe('JS v3 and botocore differ', () => {
  it('on the shared credentials file vs IRSA: JS takes the profile, botocore the web identity', async () => {
    const world = makeWorld();
    const files = { [TOKEN_PATH]: 'eyJ.token.v1', '/root/.aws/credentials': CREDENTIALS_FILE };
    const js = await resolve(world, 'js-v3', world.pod(IRSA_ENV, files));
    const boto = await resolve(world, 'botocore', world.pod(IRSA_ENV, files));
    expect(js).toMatchObject({ ok: true, credentials: { source: 'fromIni', accessKeyId: 'AKIAPROFILE000000001' } });
    expect(boto).toMatchObject({ ok: true, credentials: { source: 'assume-role-with-web-identity' } });
    expect(world.stsCalls).toHaveLength(1);
  });

  it('on AWS_PROFILE with static env keys: JS skips fromEnv, botocore still uses env', async () => {
    const world = makeWorld();
    const env = {
      ...IRSA_ENV,
      AWS_PROFILE: 'dev',
      AWS_ACCESS_KEY_ID: 'AKIAENV0000000000001',
      AWS_SECRET_ACCESS_KEY: 's',
    };
    const files = { [TOKEN_PATH]: 'eyJ.token.v1' };
    const js = await resolve(world, 'js-v3', world.pod(env, files));
    const boto = await resolve(world, 'botocore', world.pod(env, files));
    expect(js.trace[0]).toMatchObject({ provider: 'fromEnv', outcome: 'skipped' });
    expect(js).toMatchObject({ ok: true, credentials: { source: 'fromTokenFile' } });
    expect(boto).toMatchObject({ ok: true, credentials: { source: 'env', accessKeyId: 'AKIAENV0000000000001' } });
  });

  it('on a token file without AWS_ROLE_ARN: JS moves on to IMDS, botocore raises InvalidConfigError', async () => {
    const world = makeWorld();
    const env = { AWS_REGION: 'us-west-2', AWS_WEB_IDENTITY_TOKEN_FILE: TOKEN_PATH };
    const files = { [TOKEN_PATH]: 'eyJ.token.v1' };
    const js = await resolve(world, 'js-v3', world.pod(env, files, HOST_POD_CALLER));
    const boto = await resolve(world, 'botocore', world.pod(env, files, HOST_POD_CALLER));
    expect(js).toMatchObject({ ok: true, credentials: { source: 'fromInstanceMetadata' } });
    expect(boto).toMatchObject({ ok: false, error: { code: 'InvalidConfigError' } });
  });

  it('on a key without a secret: JS moves on, botocore raises PartialCredentialsError', async () => {
    const world = makeWorld();
    const env = { ...IRSA_ENV, AWS_ACCESS_KEY_ID: 'AKIAHALF000000000001' };
    const files = { [TOKEN_PATH]: 'eyJ.token.v1' };
    expect(await resolve(world, 'js-v3', world.pod(env, files))).toMatchObject({
      ok: true,
      credentials: { source: 'fromTokenFile' },
    });
    expect(await resolve(world, 'botocore', world.pod(env, files))).toMatchObject({
      ok: false,
      error: { code: 'PartialCredentialsError', provider: 'env' },
    });
  });

  it('on the STS endpoint: botocore honours AWS_STS_REGIONAL_ENDPOINTS=legacy, JS stays regional', async () => {
    const world = makeWorld();
    const env = { ...IRSA_ENV, AWS_STS_REGIONAL_ENDPOINTS: 'legacy' };
    const files = { [TOKEN_PATH]: 'eyJ.token.v1' };
    await resolve(world, 'js-v3', world.pod(env, files));
    await resolve(world, 'botocore', world.pod(env, files));
    expect(world.stsCalls.map((c) => c.host)).toEqual(['sts.us-west-2.amazonaws.com', 'sts.amazonaws.com']);
  });

  it('on the region: botocore reads AWS_DEFAULT_REGION, JS reads AWS_REGION', async () => {
    const world = makeWorld();
    const env = { AWS_ROLE_ARN: ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE: TOKEN_PATH, AWS_REGION: 'us-west-2' };
    const files = { [TOKEN_PATH]: 'eyJ.token.v1' };
    const boto = await resolve(world, 'botocore', world.pod(env, files));
    expect(boto).toMatchObject({ ok: true });
    expect(world.stsCalls.map((c) => c.host)).toEqual(['sts.amazonaws.com']);
  });
});

describe('both', () => {
  it.each(['js-v3', 'botocore'] as const)('%s sends STS to AWS_ENDPOINT_URL_STS when set', async (sdk) => {
    const world = makeWorld();
    const env = { ...IRSA_ENV, AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_STS: 'https://sts.us-west-2.amazonaws.com' };
    const result = await resolve(world, sdk, world.pod(env, { [TOKEN_PATH]: 'eyJ.token.v1' }));
    expect(result).toMatchObject({ ok: true });
    expect(world.stsCalls.map((c) => c.host)).toEqual(['sts.us-west-2.amazonaws.com']);
  });

  it.each(['js-v3', 'botocore'] as const)('%s reads a web-identity profile from ~/.aws/config', async (sdk) => {
    const world = makeWorld();
    const config = `[profile irsa]\nrole_arn = ${ROLE_ARN}\nweb_identity_token_file = /tokens/t\nrole_session_name = from-profile\n`;
    const env = { AWS_PROFILE: 'irsa', AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'us-west-2' };
    const pod = world.pod(env, { '/root/.aws/config': config, '/tokens/t': 'eyJ.profile.token' });
    const result = await resolve(world, sdk, pod);
    expect(result).toMatchObject({
      ok: true,
      credentials: { source: sdk === 'js-v3' ? 'fromIni' : 'assume-role-with-web-identity' },
    });
    expect(world.stsCalls[0]).toMatchObject({ token: 'eyJ.profile.token', roleSessionName: 'from-profile' });
  });
});

describe('a token file the process may not read', () => {
  it("ends both chains with EACCES in the SDK's own words, without falling back to IMDS", async () => {
    const world = makeWorld();
    for (const [sdk, message] of [
      ['js-v3', `EACCES: permission denied, open '${TOKEN_PATH}'`],
      ['botocore', `[Errno 13] Permission denied: '${TOKEN_PATH}'`],
    ] as const) {
      const pod = world.pod(IRSA_ENV, {}, HOST_POD_CALLER);
      const denied = Object.assign(Object.create(pod) as typeof pod, {
        readFile(path: string) {
          if (path === TOKEN_PATH) throw new SimError('FS_PERMISSION_DENIED', `EACCES: ${path}: permission denied`);
          return pod.readFile(path);
        },
      });
      expect(await resolve(world, sdk, denied)).toMatchObject({ ok: false, error: { code: 'EACCES', message } });
    }
    expect(world.stsCalls).toHaveLength(0);
  });

  it('ends the container provider (EKS Pod Identity) with EACCES too, before asking the agent or IMDS', async () => {
    const world = makeWorld();
    const tokenFile = POD_IDENTITY_TOKEN_PATH;
    const env = {
      AWS_REGION: 'us-west-2',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: POD_IDENTITY_CREDENTIALS_URI,
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile,
    };
    for (const [sdk, message] of [
      ['js-v3', `EACCES: permission denied, open '${tokenFile}'`],
      ['botocore', `[Errno 13] Permission denied: '${tokenFile}'`],
    ] as const) {
      const pod = world.pod(env, {}, HOST_POD_CALLER);
      const requests: string[] = [];
      const denied = Object.assign(Object.create(pod) as typeof pod, {
        readFile(path: string) {
          if (path === tokenFile) throw new SimError('FS_PERMISSION_DENIED', `EACCES: ${path}: permission denied`);
          return pod.readFile(path);
        },
        fetch(request: Request) {
          requests.push(request.url);
          return pod.fetch(request);
        },
      });
      expect(await resolve(world, sdk, denied)).toMatchObject({ ok: false, error: { code: 'EACCES', message } });
      expect(requests).toEqual([]);
    }
  });
});
