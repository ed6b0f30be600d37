/**
 * authorizeS3 on its own: for each caller relation (same account,
 * cross-account, anonymous) and with or without a session policy, which rule
 * the decision's reason names and which policies it says did not allow.
 * The reason is what the app shows a learner for a 403, so its parts are
 * pinned: the rule, the missing policies, and each allowing policy's own
 * reason (without its "Allowed: ").
 */
import { type AuthorizeInput, authorizeS3, parsePolicyObject, type SessionCredentials } from '@irsa-lab/iam';
import { describe, expect, it } from 'vitest';

const ACCOUNT = '111122223333';
const OTHER = '444455556666';
const BUCKET = 'billing-reports';
const OBJECT = `arn:aws:s3:::${BUCKET}/reports/k`;
const TARGET = `s3:GetObject on ${OBJECT}`;

const SAME_RULE = 'same account: an identity policy or the bucket policy may allow';
const CROSS_RULE = "cross-account: the caller's identity policies and the bucket policy must both allow";
const ANONYMOUS_RULE = 'anonymous: only a bucket policy granting "*" can allow';

const GET = { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` };
const identityAllows = parsePolicyObject(
  { Version: '2012-10-17', Statement: [GET] },
  { name: 'read', kind: 'identity' },
);
const identityOther = parsePolicyObject(
  { Version: '2012-10-17', Statement: [{ ...GET, Resource: 'arn:aws:s3:::other/*' }] },
  { name: 'other', kind: 'identity' },
);
function bucketPolicy(principal: unknown, resource = `arn:aws:s3:::${BUCKET}/*`) {
  return parsePolicyObject(
    { Version: '2012-10-17', Statement: [{ ...GET, Principal: principal, Resource: resource }] },
    { name: 'bucket policy', kind: 'resource' },
  );
}
const sessionPolicy = (resource: string) =>
  parsePolicyObject(
    { Version: '2012-10-17', Statement: [{ ...GET, Resource: resource }] },
    { name: 'session policy', kind: 'identity' },
  );

function session(accountId: string, extra: Partial<SessionCredentials> = {}): SessionCredentials {
  return {
    AccessKeyId: 'ASIAEXAMPLE',
    SecretAccessKey: 'secret',
    SessionToken: 'token',
    ExpirationMs: 0,
    issuedAtMs: 0,
    kind: 'web-identity',
    accountId,
    roleArn: `arn:aws:iam::${accountId}:role/billing-reader`,
    roleId: 'AROAEXAMPLE',
    roleName: 'billing-reader',
    roleSessionName: 's',
    assumedRoleArn: `arn:aws:sts::${accountId}:assumed-role/billing-reader/s`,
    assumedRoleId: 'AROAEXAMPLE:s',
    ...extra,
  };
}

function authorize(input: Partial<AuthorizeInput>) {
  return authorizeS3({
    identityPolicies: [],
    bucketOwner: ACCOUNT,
    action: 's3:GetObject',
    resource: OBJECT,
    context: {},
    ...input,
  });
}

/** A policy result's reason without the engine's "Allowed: ", as the combined reason quotes it. */
function quoted(reason: string | undefined): string {
  expect(reason).toMatch(/^Allowed: /);
  return (reason as string).slice('Allowed: '.length);
}

describe('allowed: the rule and each allowing policy', () => {
  it('same account, by the identity policy only', () => {
    const result = authorize({ session: session(ACCOUNT), identityPolicies: [identityAllows] });
    expect(result).toMatchObject({ decision: 'Allow', relation: 'same-account' });
    expect(result.reason).toBe(`Allowed (${SAME_RULE}): ${quoted(result.identity?.reason)}`);
    expect(result).not.toHaveProperty('bucketPolicy');
    expect(result).not.toHaveProperty('sessionPolicy');
  });

  it('cross-account, by both: the two reasons joined', () => {
    const result = authorize({
      session: session(OTHER),
      identityPolicies: [identityAllows],
      bucketPolicy: bucketPolicy({ AWS: `arn:aws:iam::${OTHER}:root` }),
    });
    expect(result).toMatchObject({ decision: 'Allow', relation: 'cross-account' });
    expect(result.reason).toBe(
      `Allowed (${CROSS_RULE}): ${quoted(result.identity?.reason)}; and ${quoted(result.bucketPolicy?.reason)}`,
    );
  });

  it('anonymous, by a bucket policy granting "*"', () => {
    const result = authorize({ bucketPolicy: bucketPolicy('*') });
    expect(result).toMatchObject({ decision: 'Allow', relation: 'anonymous' });
    // absent, not undefined: the decision is what the app and the event log show
    for (const absent of ['principal', 'identity', 'sessionPolicy']) expect(result).not.toHaveProperty(absent);
    expect(result.reason).toBe(`Allowed (${ANONYMOUS_RULE}): ${quoted(result.bucketPolicy?.reason)}`);
  });
});

describe('implicitly denied: what did not allow', () => {
  it('anonymous, with a bucket policy that does not grant it, or with none', () => {
    const other = authorize({ bucketPolicy: bucketPolicy('*', 'arn:aws:s3:::other/*') });
    expect(other.reason).toBe(`Implicit deny (${ANONYMOUS_RULE}): no statement of the bucket policy allows ${TARGET}.`);
    expect(authorize({}).reason).toBe(
      `Implicit deny (${ANONYMOUS_RULE}): the bucket has no policy that could allow ${TARGET}.`,
    );
  });

  it('cross-account, naming every side that did not allow', () => {
    const neither = authorize({
      session: session(OTHER),
      bucketPolicy: bucketPolicy({ AWS: ACCOUNT }),
    });
    expect(neither.reason).toBe(
      `Implicit deny (${CROSS_RULE}): the caller's identity policies and the bucket policy do not allow ${TARGET}.`,
    );
    const noBucketPolicy = authorize({ session: session(OTHER), identityPolicies: [identityAllows] });
    expect(noBucketPolicy.reason).toBe(
      `Implicit deny (${CROSS_RULE}): a bucket policy (the bucket has none) do not allow ${TARGET}.`,
    );
  });

  it('same account, with a bucket policy that does not allow either', () => {
    const result = authorize({
      session: session(ACCOUNT),
      identityPolicies: [identityOther],
      bucketPolicy: bucketPolicy({ AWS: OTHER }),
    });
    expect(result.reason).toBe(
      `Implicit deny: neither the role's identity policies nor the bucket policy allow ${TARGET}; whatever is not allowed is denied.`,
    );
  });
});

describe('a session policy', () => {
  it('is blamed when it alone stops what a policy allowed', () => {
    const result = authorize({
      session: session(ACCOUNT, { sessionPolicy: sessionPolicy('arn:aws:s3:::other/*') }),
      identityPolicies: [identityAllows],
    });
    expect(result).toMatchObject({ decision: 'ImplicitDeny', sessionPolicy: { decision: 'ImplicitDeny' } });
    expect(result.reason).toMatch(/^Implicit deny: the session policy does not allow /);
  });

  it('is not blamed when nothing else allowed either', () => {
    const result = authorize({
      session: session(ACCOUNT, { sessionPolicy: sessionPolicy('arn:aws:s3:::other/*') }),
      identityPolicies: [identityOther],
      bucketPolicy: bucketPolicy({ AWS: OTHER }),
    });
    expect(result.reason).toMatch(/^Implicit deny: neither the role's identity policies nor the bucket policy/);
  });

  it('is not blamed when it allows and the other account did not', () => {
    const result = authorize({
      session: session(OTHER, { sessionPolicy: sessionPolicy(`arn:aws:s3:::${BUCKET}/*`) }),
      identityPolicies: [identityAllows],
    });
    expect(result).toMatchObject({ decision: 'ImplicitDeny', sessionPolicy: { decision: 'Allow' } });
    expect(result.reason).toMatch(/^Implicit deny \(cross-account: /);
  });
});
