/**
 * The end-to-end proof: a fresh world, the pod's projected token, and
 * the REAL AWS SDK for JavaScript v3 (`fromTokenFile`, then STS
 * GetCallerIdentity signed with the credentials it got) routed into the
 * world. No hand-made XML: the SDK parses what the simulated STS said.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTokenFile } from '@aws-sdk/credential-providers';
import { wallClock } from '@irsa-lab/core';
import { intercept } from '@irsa-lab/net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BILLING_POD_CALLER, happyPath } from './helpers.js';

const savedEnv = { ...process.env };
let dir: string;

beforeEach(() => {
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  dir = mkdtempSync(join(tmpdir(), 'irsa-lab-'));
});
afterEach(() => {
  process.env = { ...savedEnv };
  rmSync(dir, { recursive: true, force: true });
});

describe('the real AWS SDK v3 against a simulated world', () => {
  it('exchanges the projected token for role credentials and GetCallerIdentity returns the assumed-role ARN', async () => {
    const { world, roleArn, pod, projection } = await happyPath({ requestClock: wallClock });
    const token = await world.api.projectServiceAccountToken(pod, projection);
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, token.token);
    const env = Object.fromEntries((pod.spec.containers[0]?.env ?? []).map((e) => [e.name, e.value ?? '']));
    expect(env.AWS_ROLE_ARN).toBe(roleArn);
    Object.assign(process.env, env, { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_SESSION_NAME: 'billing-api' });

    const interception = intercept(world.net, { caller: BILLING_POD_CALLER, onDropped: 'error' });
    try {
      const credentials = await fromTokenFile()();
      expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
      expect(credentials.sessionToken).toBeTruthy();
      expect(credentials.expiration?.getTime()).toBe(world.clock.nowMs() + 3600_000 - (world.clock.nowMs() % 1000));

      const sts = new STSClient({ region: 'us-west-2', credentials });
      const me = await sts.send(new GetCallerIdentityCommand({}));
      expect(me.Arn).toBe('arn:aws:sts::111122223333:assumed-role/billing-reader/billing-api');
      expect(me.Account).toBe('111122223333');
      expect(me.UserId).toMatch(/^AROA[A-Z2-7]{16}:billing-api$/);
    } finally {
      interception.close();
    }

    const trail = world.log.all('cloudtrail').map((e) => e.data);
    expect(trail.map((t) => t.eventName)).toEqual(['AssumeRoleWithWebIdentity', 'GetCallerIdentity']);
    expect(trail.every((t) => t.errorCode === undefined)).toBe(true);
    expect(world.log.all('sts.jwks-fetched').length).toBeGreaterThan(0);
  });

  it('surfaces the real STS error to the SDK when the trust policy names another ServiceAccount', async () => {
    const { world, pod, projection } = await happyPath();
    world.iam.updateAssumeRolePolicy(
      '111122223333',
      'billing-reader',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: world.providerArn },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { [`${world.issuerHostPath}:sub`]: 'system:serviceaccount:payments:other' } },
          },
        ],
      }),
    );
    const token = await world.api.projectServiceAccountToken(pod, projection);
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, token.token);
    const env = Object.fromEntries((pod.spec.containers[0]?.env ?? []).map((e) => [e.name, e.value ?? '']));
    Object.assign(process.env, env, { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile });
    const interception = intercept(world.net, { caller: BILLING_POD_CALLER, onDropped: 'error' });
    try {
      await expect(fromTokenFile()()).rejects.toMatchObject({
        name: 'AccessDenied',
        message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      });
    } finally {
      interception.close();
    }
    expect(world.log.all('cloudtrail').at(-1)?.data.errorCode).toBe('AccessDenied');
  });
});
