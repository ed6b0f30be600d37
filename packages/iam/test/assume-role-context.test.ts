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

import { withCaller } from '@irsa-lab/net';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  createHarness,
  EKS_AUTH,
  generateIssuerKeys,
  type Harness,
  POD_ROLE,
  STS_HOST,
  signedStsRequest,
} from './harness.js';

beforeAll(generateIssuerKeys);

const NEXT_ROLE = `arn:aws:iam::${ACCOUNT}:role/next`;

function trust(principal: Record<string, unknown>, condition: Record<string, unknown>): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: principal, Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: condition },
    ],
  });
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

function form(params: Record<string, string>): string {
  return new URLSearchParams({
    Action: 'AssumeRole',
    Version: '2011-06-15',
    'Tags.member.1.Key': 'team',
    'Tags.member.1.Value': 'a',
    'TransitiveTagKeys.member.1': 'team',
    ...params,
  }).toString();
}

async function asService(h: Harness, params: Record<string, string>) {
  const text = form({ RoleArn: POD_ROLE, ...params });
  const request = new Request(`https://${STS_HOST}/`, { method: 'POST', body: text });
  return h.sts.assumeRole(withCaller(request, EKS_AUTH), text);
}

const GOOD = { RoleSessionName: 'first', ExternalId: 'ext-1', SourceIdentity: 'alice' };

describe("a service caller's context", () => {
  it('holds every key the trust names, and a call with another value is refused', async () => {
    const h = createHarness();
    h.iam.createRole(ACCOUNT, {
      RoleName: 'pod-role',
      AssumeRolePolicyDocument: trust({ Service: 'pods.eks.amazonaws.com' }, SERVICE_CONDITION),
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
    const untaggedOnly = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { Null: { 'aws:TagKeys': 'true', 'sts:TransitiveTagKeys': 'true' } },
        },
      ],
    };
    h.iam.createRole(ACCOUNT, { RoleName: 'pod-role', AssumeRolePolicyDocument: JSON.stringify(untaggedOnly) });
    const text = new URLSearchParams({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: POD_ROLE,
      RoleSessionName: 'first',
    }).toString();
    const request = new Request(`https://${STS_HOST}/`, { method: 'POST', body: text });
    expect((await h.sts.assumeRole(withCaller(request, EKS_AUTH), text)).ok).toBe(true);
  });
});

describe("a role session caller's context", () => {
  it('holds the principal keys, its tags and its SourceIdentity', async () => {
    const h = createHarness();
    h.iam.createRole(ACCOUNT, {
      RoleName: 'pod-role',
      AssumeRolePolicyDocument: trust({ Service: 'pods.eks.amazonaws.com' }, {}),
    });
    const first = await asService(h, GOOD);
    if (!first.ok) throw new Error(first.error.message);
    const c = first.result.Credentials;
    const creds = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
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
    const text = new URLSearchParams({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: NEXT_ROLE,
      RoleSessionName: 'second',
    }).toString();
    const out = await h.sts.assumeRole(await signedStsRequest(creds, h.clock.nowMs(), { body: text }), text);
    if (!out.ok) throw new Error(`${out.error.code}: ${out.error.message}`);
    expect(out.ok).toBe(true);
  });
});
