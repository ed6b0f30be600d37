/**
 * The real AWS SDK v3 chain run inside a fake Pod: the Pod's env and files
 * only, every request routed into the SimNetwork as the Pod. Simulated time
 * starts in 2099 because the real SDK compares expirations with the wall
 * clock.
 */
import { mkdtempSync, readdirSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRealSdkChain } from '@irsa-lab/ec2-node';
import { describe, expect, it, vi } from 'vitest';
import {
  FUTURE_START_MS,
  HOST_POD_CALLER,
  IRSA_ENV,
  imdsRequests,
  makeWorld,
  NODE_ROLE_KEY,
  ROLE_ARN,
  TOKEN_PATH,
} from './fixture.js';

describe('runRealSdkChain', () => {
  it('gets the fake STS credentials for the token file, and GetCallerIdentity answers as the role', async () => {
    const world = makeWorld({ startMs: FUTURE_START_MS });
    const pod = world.pod(IRSA_ENV, { [TOKEN_PATH]: 'eyJ.real.token' });
    const result = await runRealSdkChain(pod, world.net, { call: 'GetCallerIdentity' });
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ ok: true, source: 'fromTokenFile' });
    expect(world.stsCalls).toHaveLength(1);
    const [call] = world.stsCalls;
    expect(call).toMatchObject({ host: 'sts.us-west-2.amazonaws.com', roleArn: ROLE_ARN, token: 'eyJ.real.token' });
    expect(call?.roleSessionName).toMatch(/^aws-sdk-js-session-\d+$/);
    expect(result.credentials).toMatchObject({
      accessKeyId: call?.accessKeyId,
      expirationMs: FUTURE_START_MS + 3_600_000,
    });
    expect(result.callerArn).toBe(`arn:aws:sts::111122223333:assumed-role/app-reader/${call?.roleSessionName}`);
  });

  it('gets node-role credentials from the real IMDS without IRSA', async () => {
    const world = makeWorld({ startMs: FUTURE_START_MS });
    const result = await runRealSdkChain(world.pod({ AWS_REGION: 'us-west-2' }, {}, HOST_POD_CALLER), world.net);
    expect(result).toMatchObject({
      ok: true,
      source: 'fromInstanceMetadata',
      credentials: { accessKeyId: NODE_ROLE_KEY },
    });
    expect(imdsRequests(world.log)).toEqual([
      'PUT /latest/api/token v2 200',
      'GET /latest/meta-data/iam/security-credentials/ v2 200',
      'GET /latest/meta-data/iam/security-credentials/eks-node-role v2 200',
    ]);
  });

  it('stops at the STS error without asking IMDS', async () => {
    const world = makeWorld({ startMs: FUTURE_START_MS });
    const result = await runRealSdkChain(world.pod(IRSA_ENV, { [TOKEN_PATH]: 'bad' }, HOST_POD_CALLER), world.net);
    expect(result.ok).toBe(false);
    expect(result.error?.name).toMatch(/^InvalidIdentityToken/);
    expect(imdsRequests(world.log)).toEqual([]);
  });

  it('puts process.env back exactly and removes its temp files', async () => {
    // a temp folder of this test's own: other suites running at the same time make sandboxes in the shared one
    const own = mkdtempSync(join(tmpdir(), 'real-sdk-test-'));
    const savedTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = own;
    try {
      const before = { ...process.env };
      const world = makeWorld({ startMs: FUTURE_START_MS });
      const sandboxes: string[] = [];
      const watcher = watch(own, (_event, name) => {
        if (name?.startsWith('irsa-lab-sdk-') && !sandboxes.includes(name)) sandboxes.push(name);
      });
      const result = await runRealSdkChain(world.pod(IRSA_ENV, { [TOKEN_PATH]: 'eyJ.real.token' }), world.net);
      watcher.close();
      expect(result.ok).toBe(true);
      expect({ ...process.env }).toEqual(before);
      expect(sandboxes).toHaveLength(1); // it did make its sandbox here
      expect(readdirSync(own)).toEqual([]);
    } finally {
      if (savedTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmpdir;
      rmSync(own, { recursive: true, force: true });
    }
  });

  it("never reads the developer's own ~/.aws: HOME points at the sandbox", async () => {
    const world = makeWorld({ startMs: FUTURE_START_MS });
    const credentials = '[default]\naws_access_key_id = AKIAPODPROFILE000001\naws_secret_access_key = p\n';
    const pod = world.pod({ ...IRSA_ENV, HOME: '/home/app' }, { '/home/app/.aws/credentials': credentials });
    expect(await runRealSdkChain(pod, world.net)).toMatchObject({
      ok: true,
      source: 'fromIni',
      credentials: { accessKeyId: 'AKIAPODPROFILE000001' },
    });
  });

  it("gives the chain's credential providers the logger it is handed: IMDS's static-stability notice goes there", async () => {
    // the default start is in the past by the wall clock, so the SDK finds the node role's credentials expired
    const world = makeWorld();
    const warned: string[] = [];
    const logger = { debug() {}, info() {}, warn: (...c: unknown[]) => warned.push(c.join(' ')), error() {} };
    const consoleWarn = vi.spyOn(console, 'warn');
    let consoleWarnings: unknown[][];
    try {
      const pod = world.pod({ AWS_REGION: 'us-west-2' }, {}, HOST_POD_CALLER);
      const result = await runRealSdkChain(pod, world.net, { logger });
      expect(result).toMatchObject({ ok: true, source: 'fromInstanceMetadata' });
    } finally {
      consoleWarnings = [...consoleWarn.mock.calls];
      consoleWarn.mockRestore();
    }
    expect(warned.join('\n')).toContain('credential expiration extension');
    expect(consoleWarnings).toEqual([]);
  });

  it('serializes concurrent runs', async () => {
    const world = makeWorld({ startMs: FUTURE_START_MS });
    const a = world.pod({ ...IRSA_ENV, AWS_ROLE_SESSION_NAME: 'a' }, { [TOKEN_PATH]: 'token-a' });
    const b = world.pod({ ...IRSA_ENV, AWS_ROLE_SESSION_NAME: 'b' }, { [TOKEN_PATH]: 'token-b' });
    const [ra, rb] = await Promise.all([runRealSdkChain(a, world.net), runRealSdkChain(b, world.net)]);
    expect([ra.ok, rb.ok]).toEqual([true, true]);
    expect(world.stsCalls.map((c) => `${c.roleSessionName}:${c.token}`)).toEqual(['a:token-a', 'b:token-b']);
  });
});
