/**
 * The credential store shared by STS and signed-request verifiers: session
 * keys, instance-profile keys, retention of expired sessions, determinism.
 */
import { HOUR_MS } from '@irsa-lab/core';
import { describe, expect, it } from 'vitest';
import { irsaTrustPolicy, START_MS } from './harness.js';
import { ACCT, thrown, world } from './iam-world.js';

describe('credential store', () => {
  it('issues ASIA keys that resolve to the assumed-role session', () => {
    const { iam } = world(1, { provider: true });
    const role = iam.createRole(ACCT, { RoleName: 'r', AssumeRolePolicyDocument: irsaTrustPolicy() });
    const s = iam.issueSessionCredentials({ roleArn: role.Arn, roleSessionName: 'app', durationSeconds: 900 });
    expect(s).toMatchObject({
      AccessKeyId: expect.stringMatching(/^ASIA[A-Z2-7]{16}$/),
      ExpirationMs: START_MS + 900_000,
      assumedRoleArn: `arn:aws:sts::${ACCT}:assumed-role/r/app`,
      assumedRoleId: `${role.RoleId}:app`,
      kind: 'web-identity',
    });
    expect(iam.lookupAccessKey(s.AccessKeyId)).toBe(s);
    expect(iam.lookupAccessKey('ASIAUNKNOWN')).toBeUndefined();
    expect(
      thrown(() =>
        iam.issueSessionCredentials({ roleArn: `${role.Arn}x`, roleSessionName: 'a', durationSeconds: 900 }),
      ),
    ).toMatchObject({
      code: 'IAM_NO_SUCH_ENTITY',
    });
  });

  it('mints instance-profile credentials named after the instance, for six hours', () => {
    const { iam } = world(1, { provider: true });
    const role = iam.createRole(ACCT, { RoleName: 'node', AssumeRolePolicyDocument: irsaTrustPolicy() });
    const s = iam.mintInstanceProfileCredentials(role.Arn, 'i-0123456789abcdef0');
    expect(s).toMatchObject({
      kind: 'instance-profile',
      roleSessionName: 'i-0123456789abcdef0',
      assumedRoleArn: `arn:aws:sts::${ACCT}:assumed-role/node/i-0123456789abcdef0`,
      ExpirationMs: START_MS + 6 * HOUR_MS,
    });
  });

  it('keeps an expired session known for a day, then forgets it', () => {
    const { iam, clock } = world(1, { provider: true });
    const role = iam.createRole(ACCT, { RoleName: 'r', AssumeRolePolicyDocument: irsaTrustPolicy() });
    const old = iam.issueSessionCredentials({ roleArn: role.Arn, roleSessionName: 'a', durationSeconds: 900 });
    clock.advanceBy(900_000 + 24 * HOUR_MS);
    iam.issueSessionCredentials({ roleArn: role.Arn, roleSessionName: 'b', durationSeconds: 900 });
    expect(iam.lookupAccessKey(old.AccessKeyId)).toBe(old);
    clock.advanceBy(1);
    iam.issueSessionCredentials({ roleArn: role.Arn, roleSessionName: 'c', durationSeconds: 900 });
    expect(iam.lookupAccessKey(old.AccessKeyId)).toBeUndefined();
  });

  it('gives the same ids and the same log for the same seed', () => {
    const run = (seed: number) => {
      const { iam, log } = world(seed, { provider: true });
      const role = iam.createRole(ACCT, { RoleName: 'r', AssumeRolePolicyDocument: irsaTrustPolicy() });
      iam.issueSessionCredentials({ roleArn: role.Arn, roleSessionName: 'a', durationSeconds: 900 });
      return log.toJsonLines() + role.RoleId;
    };
    expect(run(42)).toBe(run(42));
    expect(run(42)).not.toBe(run(43));
  });
});
