/**
 * Problems people hit, run headless: the symptom each scenario shows, the
 * fix, and, with the setting that causes the problem turned off, the checks
 * that then fail (each scenario is a test of the behaviour it teaches).
 */
import { describe, expect, it } from 'vitest';
import { actual, describeGroup, failingChecks, run, stepIn, trail } from './sessions.js';

describeGroup('failures');

describe('webhook-race', () => {
  it('leaves the pod applied with its ServiceAccount unmutated, on the node role, with no STS call', async () => {
    const s = await run('webhook-race');
    const nodeRole = s.world.iam.getRole(s.world.accountId, 'demo-node-role').Arn;
    expect(actual(stepIn(s, 'same-apply'), 'webhook skipped')).toBe('service-account-not-cached');
    expect(actual(stepIn(s, 'node-role'), 'role obtained')).toBe(nodeRole);
    expect(actual(stepIn(s, 'restart'), 'credential source')).toBe('fromTokenFile');
    expect(trail(s.world).map((r) => r.errorCode ?? 'ok')).toEqual(['ok', 'ok']);
  });

  it('with no cache lag the race is gone, and the checks that show it fail', async () => {
    const failed = await failingChecks('webhook-race');
    expect(failed).toEqual(
      expect.arrayContaining(['webhook skipped', 'AWS_ROLE_ARN in the pod', 'first webhook step']),
    );
  });
});

describe('irsa-ignored', () => {
  it('shows the old SDK at IMDS, static keys and a JS credentials file first, botocore still on IRSA', async () => {
    const s = await run('irsa-ignored');
    expect(actual(stepIn(s, 'old-sdk'), 'credential source')).toBe('fromInstanceMetadata');
    expect(actual(stepIn(s, 'upgrade'), 'credential source')).toBe('fromTokenFile');
    expect(actual(stepIn(s, 'static-keys'), 'S3 GetObject')).toBe('InvalidAccessKeyId');
    expect(actual(stepIn(s, 'credentials-file'), 'botocore credential source')).toBe('assume-role-with-web-identity');
    expect(actual(stepIn(s, 'own-chain'), 'credential source')).toBe('fromInstanceMetadata');
  });

  it('with an SDK at the minimum version the first step no longer falls to IMDS, and its checks fail', async () => {
    const failed = await failingChecks('irsa-ignored');
    expect(failed).toEqual(
      expect.arrayContaining(['credential source', 'role obtained', 'STS AssumeRoleWithWebIdentity calls']),
    );
  });
});

describe('token-unreadable', () => {
  it('ends both SDK chains with EACCES on the old kubelet, and reads the token with fsGroup or a current kubelet', async () => {
    const s = await run('token-unreadable');
    expect(stepIn(s, 'sdk-error').outcome).toBe('denied');
    expect(actual(stepIn(s, 'sdk-error'), 'role obtained')).toBe('(none)');
    expect(actual(stepIn(s, 'fs-group'), 'token file mode')).toBe('-rw-r-----');
    expect(actual(stepIn(s, 'newer-kubelet'), 'token file owner uid')).toBe('1000');
    expect(trail(s.world).map((r) => r.errorCode ?? 'ok')).toEqual(['ok', 'ok']);
  });

  it('with a kubelet since 1.19 on the first node the token is readable, and the checks of the failure fail', async () => {
    const failed = await failingChecks('token-unreadable');
    expect(failed).toEqual(expect.arrayContaining(['token file owner uid', 'JS v3 error', 'botocore error']));
  });
});

describe('sts-throttling', () => {
  it('throttles per-request clients past 600 a second, never per-pod clients, and keeps Regions apart', async () => {
    const s = await run('sts-throttling');
    expect(actual(stepIn(s, 'one-replica'), 'throttled calls')).toBe('0');
    expect(actual(stepIn(s, 'per-request'), 'wire error of a throttled call')).toBe('Throttling: Rate exceeded');
    expect(actual(stepIn(s, 'one-client'), 'STS calls')).toBe('20');
    expect(actual(stepIn(s, 'per-request'), 'reports-batch throttled')).toBe('0');
    expect(actual(stepIn(s, 'per-region'), 'throttled in us-east-1')).toBe('0');
    const usage = s.world.sts.quotaUsage();
    expect(usage.map((u) => u.region).sort()).toEqual(['us-east-1', 'us-west-2']);
    expect(usage.every((u) => u.requestsPerSecond === 600)).toBe(true);
  });

  it('with a quota no load reaches, nothing is throttled, and the checks of the throttling fail', async () => {
    const failed = await failingChecks('sts-throttling');
    expect(failed).toEqual(
      expect.arrayContaining(['wire error of a throttled call', 'requests that failed after every retry']),
    );
  });
});

describe('limits-at-scale', () => {
  it('refuses the fifth cluster in one trust policy and the 101st provider, then fits both', async () => {
    const s = await run('limits-at-scale');
    expect(actual(stepIn(s, 'many-clusters'), 'clusters the role trusts')).toBe('4');
    expect(actual(stepIn(s, 'second-role'), 'billing-reader-2 created')).toBe('yes');
    expect(actual(stepIn(s, 'providers-per-account'), 'providers in the account')).toBe('100');
    expect(s.world.iam.listOpenIdConnectProviders(s.world.accountId)).toHaveLength(51);
  });

  it('with the trust policy quota raised to 4096, the role trusts more clusters and the check of the refusal fails', async () => {
    const failed = await failingChecks('limits-at-scale');
    expect(failed).toEqual(expect.arrayContaining(['error', 'clusters the role trusts']));
  });
});

describe('recreated-cluster', () => {
  it('answers no provider, then AccessDenied, then the role; and gives the typo pod the node role', async () => {
    const s = await run('recreated-cluster');
    expect(trail(s.world).map((r) => r.errorCode ?? 'ok')).toEqual([
      'InvalidIdentityToken',
      'AccessDenied',
      'ok',
      'ok',
    ]);
    expect(actual(stepIn(s, 'typo'), 'webhook skipped')).toBe('no-role-arn');
    expect(actual(stepIn(s, 'typo'), 'credential source')).toBe('fromInstanceMetadata');
  });

  it('on the cluster the roles were made for, the first step finds the provider, and its checks fail', async () => {
    const failed = await failingChecks('recreated-cluster');
    expect(failed).toEqual(expect.arrayContaining(['error code', 'error message']));
  });
});

describe('kube2iam', () => {
  it("hands pods roles with the node's AssumeRole, lets hostNetwork pods take the node role, and IRSA needs neither", async () => {
    const s = await run('kube2iam');
    const events = s.world.log.all('cloudtrail').map((e) => e.data);
    expect(events.map((e) => `${e.eventName}:${e.errorCode ?? 'ok'}`)).toEqual([
      'AssumeRole:ok',
      'AssumeRole:ok',
      'AssumeRole:ok',
      'AssumeRoleWithWebIdentity:ok',
      'AssumeRole:ok',
      'AssumeRole:AccessDenied',
      'AssumeRoleWithWebIdentity:ok',
    ]);
    expect(actual(stepIn(s, 'drop-assume'), 'AssumeRole without the identity policy')).toBe('allowed');
    expect(actual(stepIn(s, 'host-network'), 'role from AssumeRole')).toContain('role/reports-reader');
  });

  it('without the DNAT the kube2iam pod reaches IMDS itself, and the checks of kube2iam fail', async () => {
    const failed = await failingChecks('kube2iam');
    expect(failed).toEqual(
      expect.arrayContaining(['node rule on its IMDS traffic', 'role obtained', 'AssumeRole called as']),
    );
  });
});
