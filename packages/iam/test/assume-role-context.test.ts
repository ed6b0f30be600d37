/**
 * The condition keys AssumeRole puts in the request context of the trust
 * policy (IAM user guide, "AWS global condition context keys" and "IAM and
 * AWS STS condition context keys"): for a service caller
 * aws:PrincipalServiceName, aws:PrincipalIsAWSService, sts:RoleSessionName,
 * sts:ExternalId, sts:SourceIdentity, aws:CurrentTime, aws:EpochTime,
 * aws:TagKeys and sts:TransitiveTagKeys; for a role session also
 * aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:userid,
 * aws:PrincipalTag/<key> and aws:SourceIdentity. Each trust below holds only
 * when every key it names is there with the value the call carries.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import {
  asEksAuth,
  assumeRoleForm,
  assumeRoleTrust,
  NEXT_ROLE,
  POD_SERVICE,
  sessionCredentials,
} from './assume-role-harness.js';
import { ACCOUNT, createHarness, generateIssuerKeys, type Harness, POD_ROLE, signedStsRequest } from './harness.js';

beforeAll(generateIssuerKeys);

function trust(principal: Record<string, unknown>, condition: Record<string, unknown>): string {
  return assumeRoleTrust(principal, ['sts:AssumeRole', 'sts:TagSession'], condition);
}

const SERVICE_CONDITION = {
  StringEquals: {
    'aws:PrincipalServiceName': 'pods.eks.amazonaws.com',
    'aws:PrincipalIsAWSService': 'true',
    'sts:RoleSessionName': 'first',
    'sts:ExternalId': 'ext-1',
    'sts:SourceIdentity': 'alice',
  },
  DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' },
  NumericGreaterThan: { 'aws:EpochTime': '1767225600' },
  NumericLessThan: { 'aws:EpochTime': '1800000000' },
  'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] },
  'ForAnyValue:StringEquals': { 'sts:TransitiveTagKeys': 'team' },
  Null: { 'aws:TagKeys': 'false' },
};

/** EKS Auth's AssumeRole of the pod role, with the tag team=a. */
function asService(h: Harness, params: Record<string, string>) {
  return asEksAuth(h, assumeRoleForm({ RoleArn: POD_ROLE, ...params }, { team: 'a' }));
}

const GOOD = { RoleSessionName: 'first', ExternalId: 'ext-1', SourceIdentity: 'alice' };

describe("a service caller's context", () => {
  it('holds every key the trust names, and a call with another value is refused', async () => {
    const h = createHarness();
    h.iam.createRole(ACCOUNT, {
      RoleName: 'pod-role',
      AssumeRolePolicyDocument: trust(POD_SERVICE, SERVICE_CONDITION),
    });
    expect((await asService(h, GOOD)).ok).toBe(true);
    for (const wrong of [{ RoleSessionName: 'other' }, { ExternalId: 'ext-2' }, { SourceIdentity: 'bob' }]) {
      expect(await asService(h, { ...GOOD, ...wrong })).toMatchObject({ ok: false, error: { code: 'AccessDenied' } });
    }
  });
});

describe('an untagged call', () => {
  it('has neither aws:TagKeys nor sts:TransitiveTagKeys', async () => {
    const h = createHarness();
    const untaggedOnly = assumeRoleTrust(POD_SERVICE, 'sts:AssumeRole', {
      Null: { 'aws:TagKeys': 'true', 'sts:TransitiveTagKeys': 'true' },
    });
    h.iam.createRole(ACCOUNT, { RoleName: 'pod-role', AssumeRolePolicyDocument: untaggedOnly });
    expect((await asEksAuth(h, assumeRoleForm({ RoleArn: POD_ROLE, RoleSessionName: 'first' }))).ok).toBe(true);
  });
});

describe("a role session caller's context", () => {
  it('holds the principal keys, its tags and its SourceIdentity', async () => {
    const h = createHarness();
    h.iam.createRole(ACCOUNT, {
      RoleName: 'pod-role',
      AssumeRolePolicyDocument: trust(POD_SERVICE, {}),
    });
    const first = await asService(h, GOOD);
    if (!first.ok) throw new Error(first.error.message);
    const creds = sessionCredentials(first.result.Credentials);
    h.iam.createRole(ACCOUNT, {
      RoleName: 'next',
      AssumeRolePolicyDocument: trust(
        { AWS: POD_ROLE },
        {
          StringEquals: {
            'aws:PrincipalArn': POD_ROLE,
            'aws:PrincipalAccount': ACCOUNT,
            'aws:PrincipalType': 'AssumedRole',
            'aws:PrincipalIsAWSService': 'false',
            'aws:PrincipalTag/team': 'a',
            'aws:SourceIdentity': 'alice',
          },
          StringLike: { 'aws:userid': 'AROA*:first' },
        },
      ),
    });
    const text = assumeRoleForm({ RoleArn: NEXT_ROLE, RoleSessionName: 'second' });
    const out = await h.sts.assumeRole(await signedStsRequest(creds, h.clock.nowMs(), { body: text }), text);
    if (!out.ok) throw new Error(`${out.error.code}: ${out.error.message}`);
    expect(out.ok).toBe(true);
  });
});
