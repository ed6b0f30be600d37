/**
 * Authorization of S3 requests: the caller role's inline policies and the
 * bucket policy, combined as IAM does for the same account, across
 * accounts and for anonymous callers, with the decision trace the app
 * shows (`s3.lastDecision()`).
 */
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  BUCKET,
  dispatch,
  OTHER_ACCOUNT,
  pathUrl,
  policy,
  ROLE_ARN,
  ROLE_NAME,
  s3World,
  send,
  trustPolicy,
} from './s3-world.js';

const READ_WRITE = policy(
  { Sid: 'List', Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` },
  { Sid: 'Objects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${BUCKET}/*` },
);

const ACCESS_DENIED = { Code: 'AccessDenied', Message: 'Access Denied' };

describe('identity policies', () => {
  it('allow list, get and put when the role has an inline policy granting them', async () => {
    const w = s3World();
    w.iam.putRolePolicy(ACCOUNT, ROLE_NAME, 'read-write', READ_WRITE);
    const creds = w.session();
    const put = await send(w, creds, pathUrl(BUCKET, 'reports/2026-01.csv'), { method: 'PUT', body: 'total,42\n' });
    expect(put.status).toBe(200);
    expect(w.s3.lastDecision()).toMatchObject({
      decision: 'Allow',
      action: 's3:PutObject',
      resource: `arn:aws:s3:::${BUCKET}/reports/2026-01.csv`,
      relation: 'same-account',
      identity: { decidedBy: { sid: 'Objects', index: 1 } },
    });
    const get = await send(w, creds, pathUrl(BUCKET, 'reports/2026-01.csv'));
    expect({ status: get.status, text: get.text }).toEqual({ status: 200, text: 'total,42\n' });
    const list = await send(w, creds, pathUrl(BUCKET, undefined, '?list-type=2'));
    expect(list.status).toBe(200);
    expect(list.xml.ListBucketResult.Contents.Key).toBe('reports/2026-01.csv');
    expect(w.s3.lastDecision()?.identity?.decidedBy?.sid).toBe('List');
  });

  it('deny everything when the role has no policy: AccessDenied, and the trace says nothing allowed it', async () => {
    const w = s3World();
    w.s3.putObjectDirect(BUCKET, 'reports/2026-01.csv', 'total,42\n');
    const answer = await send(w, w.session(), pathUrl(BUCKET, 'reports/2026-01.csv'));
    expect(answer.status).toBe(403);
    expect(answer.xml.Error).toMatchObject(ACCESS_DENIED);
    const decision = w.s3.lastDecision();
    expect(decision?.decision).toBe('ImplicitDeny');
    expect(decision?.identity).toMatchObject({ decision: 'ImplicitDeny', statements: [] });
    expect(decision?.bucketPolicy).toBeUndefined();
    expect(decision?.reason).toBe(
      `Implicit deny: neither the role's identity policies nor a bucket policy (the bucket has none) allow s3:GetObject on arn:aws:s3:::${BUCKET}/reports/2026-01.csv; whatever is not allowed is denied.`,
    );
  });

  it('name the statement that did not match, and why', async () => {
    const w = s3World();
    w.iam.putRolePolicy(
      ACCOUNT,
      ROLE_NAME,
      'other-bucket',
      policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' }),
    );
    w.s3.putObjectDirect(BUCKET, 'k', 'v');
    expect((await send(w, w.session(), pathUrl(BUCKET, 'k'))).status).toBe(403);
    const [trace] = w.s3.lastDecision()?.identity?.statements ?? [];
    expect(trace).toMatchObject({
      policy: 'other-bucket (inline policy of role/billing-reader)',
      index: 0,
      applies: false,
    });
    expect(trace?.reason).toContain(`resource arn:aws:s3:::${BUCKET}/k is not in Resource ["arn:aws:s3:::other/*"]`);
  });
});

describe('bucket policies', () => {
  it('an explicit Deny in the bucket policy beats an identity Allow', async () => {
    const deny = policy({
      Sid: 'NoSecrets',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${BUCKET}/secret/*`,
    });
    const w = s3World({ bucketPolicy: deny });
    w.iam.putRolePolicy(ACCOUNT, ROLE_NAME, 'read-write', READ_WRITE);
    w.s3.putObjectDirect(BUCKET, 'secret/key.pem', 'x');
    const answer = await send(w, w.session(), pathUrl(BUCKET, 'secret/key.pem'));
    expect(answer.status).toBe(403);
    expect(answer.xml.Error).toMatchObject(ACCESS_DENIED);
    expect(w.s3.lastDecision()).toMatchObject({
      decision: 'ExplicitDeny',
      identity: { decision: 'Allow' },
      bucketPolicy: { decision: 'ExplicitDeny', decidedBy: { policy: `bucket policy of ${BUCKET}`, sid: 'NoSecrets' } },
    });
  });

  it('allows a same-account role named as Principal without any identity policy', async () => {
    const grant = policy({
      Effect: 'Allow',
      Principal: { AWS: ROLE_ARN },
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${BUCKET}/*`,
    });
    const w = s3World({ bucketPolicy: grant });
    w.s3.putObjectDirect(BUCKET, 'k', 'v');
    expect((await send(w, w.session(), pathUrl(BUCKET, 'k'))).status).toBe(200);
    expect(w.s3.lastDecision()).toMatchObject({
      decision: 'Allow',
      identity: { decision: 'ImplicitDeny' },
      bucketPolicy: { decision: 'Allow' },
    });
  });

  it('cross-account: the bucket policy alone is not enough, the caller role needs its own Allow too', async () => {
    const w = s3World();
    const otherRole = w.iam.createRole(OTHER_ACCOUNT, {
      RoleName: 'auditor',
      AssumeRolePolicyDocument: trustPolicy(OTHER_ACCOUNT),
    });
    w.s3.putBucketPolicy(
      BUCKET,
      policy({
        Effect: 'Allow',
        Principal: { AWS: OTHER_ACCOUNT },
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${BUCKET}/*`,
      }),
    );
    w.s3.putObjectDirect(BUCKET, 'k', 'v');
    const creds = w.session(otherRole.Arn, 'audit');
    expect((await send(w, creds, pathUrl(BUCKET, 'k'))).status).toBe(403);
    expect(w.s3.lastDecision()).toMatchObject({
      relation: 'cross-account',
      decision: 'ImplicitDeny',
      bucketPolicy: { decision: 'Allow' },
    });
    expect(w.s3.lastDecision()?.reason).toContain("the caller's identity policies do not allow");
    w.iam.putRolePolicy(
      OTHER_ACCOUNT,
      'auditor',
      'read',
      policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
    );
    expect((await send(w, creds, pathUrl(BUCKET, 'k'))).status).toBe(200);
  });

  it("a role ARN of another account does not name this account's same-named role's sessions", async () => {
    const w = s3World();
    const twin = w.iam.createRole(OTHER_ACCOUNT, {
      RoleName: ROLE_NAME,
      AssumeRolePolicyDocument: trustPolicy(OTHER_ACCOUNT),
    });
    w.iam.putRolePolicy(
      OTHER_ACCOUNT,
      ROLE_NAME,
      'read',
      policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
    );
    w.s3.putBucketPolicy(
      BUCKET,
      policy({
        Effect: 'Allow',
        Principal: { AWS: twin.Arn },
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${BUCKET}/*`,
      }),
    );
    w.s3.putObjectDirect(BUCKET, 'k', 'v');
    expect((await send(w, w.session(), pathUrl(BUCKET, 'k'))).status).toBe(403);
    expect(w.s3.lastDecision()).toMatchObject({
      relation: 'same-account',
      decision: 'ImplicitDeny',
      principal: { type: 'AWS', id: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/app` },
      bucketPolicy: { decision: 'ImplicitDeny', statements: [{ principalMatched: false, applies: false }] },
    });
    // the statement does grant the role it names
    expect((await send(w, w.session(twin.Arn, 'twin'), pathUrl(BUCKET, 'k'))).status).toBe(200);
    expect(w.s3.lastDecision()).toMatchObject({ relation: 'cross-account', bucketPolicy: { decision: 'Allow' } });
  });

  it('anonymous (unsigned) requests are allowed only by a bucket policy granting "*"', async () => {
    const w = s3World();
    w.s3.putObjectDirect(BUCKET, 'public/logo.svg', '<svg/>', { contentType: 'image/svg+xml' });
    const unsigned = () => new Request(pathUrl(BUCKET, 'public/logo.svg'));
    expect((await dispatch(w.s3, unsigned())).status).toBe(403);
    expect(w.s3.lastDecision()?.relation).toBe('anonymous');
    w.s3.putBucketPolicy(
      BUCKET,
      policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/public/*` }),
    );
    const answer = await dispatch(w.s3, unsigned());
    expect({ status: answer.status, type: answer.headers.get('content-type') }).toEqual({
      status: 200,
      type: 'image/svg+xml',
    });
  });
});

describe('session policies', () => {
  const ROLE_READS_BUCKET = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` });
  const REPORTS_ONLY = policy({
    Sid: 'ReportsOnly',
    Effect: 'Allow',
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::${BUCKET}/reports/*`,
  });

  it('narrow the role: it allows bucket/*, the session policy only reports/*, so secret/k is denied', async () => {
    const w = s3World();
    w.iam.putRolePolicy(ACCOUNT, ROLE_NAME, 'read', ROLE_READS_BUCKET);
    w.s3.putObjectDirect(BUCKET, 'reports/q1.csv', 'q1');
    w.s3.putObjectDirect(BUCKET, 'secret/k', 'x');
    const creds = w.session(ROLE_ARN, 'app', REPORTS_ONLY);
    expect((await send(w, creds, pathUrl(BUCKET, 'reports/q1.csv'))).status).toBe(200);
    expect(w.s3.lastDecision()).toMatchObject({
      decision: 'Allow',
      identity: { decision: 'Allow' },
      sessionPolicy: { decision: 'Allow', decidedBy: { policy: 'session policy', sid: 'ReportsOnly' } },
    });
    const denied = await send(w, creds, pathUrl(BUCKET, 'secret/k'));
    expect(denied.status).toBe(403);
    expect(denied.xml.Error).toMatchObject(ACCESS_DENIED);
    const decision = w.s3.lastDecision();
    expect(decision).toMatchObject({
      decision: 'ImplicitDeny',
      resource: `arn:aws:s3:::${BUCKET}/secret/k`,
      identity: { decision: 'Allow' },
      sessionPolicy: {
        decision: 'ImplicitDeny',
        statements: [{ policy: 'session policy', sid: 'ReportsOnly', resourceMatched: false, applies: false }],
      },
    });
    expect(decision?.sessionPolicy?.decidedBy).toBeUndefined();
    expect(decision?.reason).toContain('session policy');
  });

  it('also narrow what a bucket policy naming the role grants', async () => {
    const w = s3World({
      bucketPolicy: policy({
        Effect: 'Allow',
        Principal: { AWS: ROLE_ARN },
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${BUCKET}/*`,
      }),
    });
    w.s3.putObjectDirect(BUCKET, 'secret/k', 'x');
    expect((await send(w, w.session(ROLE_ARN, 'app', REPORTS_ONLY), pathUrl(BUCKET, 'secret/k'))).status).toBe(403);
    expect(w.s3.lastDecision()).toMatchObject({
      decision: 'ImplicitDeny',
      bucketPolicy: { decision: 'Allow' },
      sessionPolicy: { decision: 'ImplicitDeny' },
    });
  });
});

describe('condition keys', () => {
  const HOME_ONLY = policy({
    Effect: 'Allow',
    Action: 's3:ListBucket',
    Resource: `arn:aws:s3:::${BUCKET}`,
    Condition: { StringLike: { 's3:prefix': 'home/app/*' } },
  });

  it('a prefix condition on ListBucket allows listing only under that prefix', async () => {
    const w = s3World();
    w.iam.putRolePolicy(ACCOUNT, ROLE_NAME, 'home', HOME_ONLY);
    w.s3.putObjectDirect(BUCKET, 'home/app/notes.txt', 'mine');
    w.s3.putObjectDirect(BUCKET, 'home/other/notes.txt', 'theirs');
    const creds = w.session();
    const mine = await send(w, creds, pathUrl(BUCKET, undefined, '?list-type=2&prefix=home%2Fapp%2F'));
    expect(mine.status).toBe(200);
    expect(mine.xml.ListBucketResult.Contents.Key).toBe('home/app/notes.txt');
    const theirs = await send(w, creds, pathUrl(BUCKET, undefined, '?list-type=2&prefix=home%2Fother%2F'));
    expect(theirs.status).toBe(403);
    const [condition] = w.s3.lastDecision()?.identity?.statements[0]?.conditions ?? [];
    expect(condition).toMatchObject({ key: 's3:prefix', actual: 'home/other/', matched: false });
    const everything = await send(w, creds, pathUrl(BUCKET, undefined, '?list-type=2'));
    expect(everything.status).toBe(403);
    expect(w.s3.lastDecision()?.identity?.statements[0]?.conditions[0]).toMatchObject({
      actual: undefined,
      matched: false,
    });
  });

  it('carries who, when and how into the request context', async () => {
    const w = s3World();
    const creds = w.session();
    await send(w, creds, pathUrl(BUCKET, undefined, '?list-type=2&max-keys=5'));
    expect(w.s3.lastDecision()?.context).toMatchObject({
      'aws:PrincipalArn': ROLE_ARN,
      'aws:userid': expect.stringMatching(/^AROA[A-Z2-7]{16}:app$/),
      'aws:CurrentTime': '2026-01-05T09:00:00Z',
      'aws:SecureTransport': 'true',
      'aws:SourceIp': '203.0.113.10',
      's3:max-keys': '5',
    });
  });
});
