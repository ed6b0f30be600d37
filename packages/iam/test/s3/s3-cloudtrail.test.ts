/**
 * CloudTrail records of S3 calls: one per call, allowed or denied, shaped
 * as S3 data events (management event for ListBuckets), with the
 * assumed-role identity and its web-identity federation data, the request
 * parameters and resources, the error on denial, and the decision trace
 * under `irsaLab`.
 */
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  BUCKET,
  dispatch,
  PROVIDER_ARN,
  pathUrl,
  policy,
  REGION,
  ROLE_ARN,
  ROLE_NAME,
  S3_HOST,
  s3World,
  send,
} from './s3-world.js';

function world() {
  const w = s3World();
  w.iam.putRolePolicy(
    ACCOUNT,
    ROLE_NAME,
    'read',
    policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` }),
  );
  w.s3.putObjectDirect(BUCKET, 'reports/q1.csv', 'q1');
  return w;
}

describe('CloudTrail', () => {
  it('records an allowed GetObject as a data event of the assumed-role session', async () => {
    const w = world();
    const creds = w.session();
    const role = w.iam.getRole(ACCOUNT, ROLE_NAME);
    const answer = await send(w, creds, pathUrl(BUCKET, 'reports/q1.csv'), {
      headers: { 'user-agent': 'aws-sdk-js/3 test' },
    });
    const [event] = w.trail();
    expect(w.trail()).toHaveLength(1);
    expect(event?.summary).toBe(
      `GetObject s3://${BUCKET}/reports/q1.csv by arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/app: allowed`,
    );
    expect(event?.data).toMatchObject({
      eventVersion: '1.09',
      userIdentity: {
        type: 'AssumedRole',
        principalId: `${role.RoleId}:app`,
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/app`,
        accountId: ACCOUNT,
        accessKeyId: creds.AccessKeyId,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: role.RoleId,
            arn: ROLE_ARN,
            accountId: ACCOUNT,
            userName: ROLE_NAME,
          },
          webIdFederationData: { federatedProvider: PROVIDER_ARN, attributes: {} },
        },
      },
      eventTime: '2026-01-05T09:00:00Z',
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      awsRegion: REGION,
      sourceIPAddress: '203.0.113.10',
      userAgent: 'aws-sdk-js/3 test',
      requestParameters: { bucketName: BUCKET, Host: S3_HOST, key: 'reports/q1.csv' },
      responseElements: null,
      additionalEventData: {
        SignatureVersion: 'SigV4',
        bytesTransferredOut: 2,
        'x-amz-id-2': answer.headers.get('x-amz-id-2'),
      },
      requestID: answer.headers.get('x-amz-request-id'),
      eventID: expect.stringMatching(/^[0-9a-f-]{36}$/),
      readOnly: true,
      resources: [
        { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${BUCKET}/reports/q1.csv` },
        { accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${BUCKET}` },
      ],
      eventType: 'AwsApiCall',
      managementEvent: false,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Data',
      irsaLab: { decision: { decision: 'Allow', action: 's3:GetObject' }, tokenJti: 'jti-0001' },
    });
    expect(event?.data).not.toHaveProperty('errorCode');
  });

  it('records a denied PutObject with errorCode, errorMessage and the trace that denied it', async () => {
    const w = world();
    await send(w, w.session(), pathUrl(BUCKET, 'reports/q2.csv'), { method: 'PUT', body: 'q2' });
    const data = w.trail()[0]?.data;
    expect(data).toMatchObject({
      eventName: 'PutObject',
      errorCode: 'AccessDenied',
      errorMessage: 'Access Denied',
      readOnly: false,
      additionalEventData: { bytesTransferredIn: 2 },
      irsaLab: {
        decision: {
          decision: 'ImplicitDeny',
          identity: { decision: 'ImplicitDeny', statements: [{ actionMatched: false, applies: false }] },
        },
      },
    });
    expect(JSON.parse(w.log.toJsonLines('cloudtrail')).data.irsaLab.decision.reason).toContain('Implicit deny');
  });

  it('records ListObjectsV2 as ListObjects with its parameters, and ListBuckets as a management event', async () => {
    const w = world();
    const creds = w.session();
    await send(w, creds, pathUrl(BUCKET, undefined, '?list-type=2&prefix=reports%2F&max-keys=10'));
    await send(w, creds, `https://${S3_HOST}/`);
    const [list, buckets] = w.trail().map((e) => e.data);
    expect(list).toMatchObject({
      eventName: 'ListObjects',
      eventCategory: 'Data',
      requestParameters: { bucketName: BUCKET, Host: S3_HOST, 'list-type': '2', prefix: 'reports/', 'max-keys': '10' },
      resources: [{ accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${BUCKET}` }],
      errorCode: 'AccessDenied',
    });
    expect(buckets).toMatchObject({
      eventName: 'ListBuckets',
      managementEvent: true,
      eventCategory: 'Management',
      errorCode: 'AccessDenied',
    });
    expect(buckets).not.toHaveProperty('resources');
  });

  it('records failed authentication and anonymous calls too', async () => {
    const w = world();
    const creds = w.session();
    w.clock.advanceBy(2 * 3600_000);
    await send(w, creds, pathUrl(BUCKET, 'reports/q1.csv'));
    await dispatch(w.s3, new Request(pathUrl(BUCKET, 'reports/q1.csv')));
    const [expired, anonymous] = w.trail().map((e) => e.data);
    expect(expired).toMatchObject({
      errorCode: 'ExpiredToken',
      userIdentity: { type: 'AssumedRole', accessKeyId: creds.AccessKeyId },
    });
    expect(expired).toMatchObject({ irsaLab: { decision: undefined } });
    expect(anonymous).toMatchObject({
      errorCode: 'AccessDenied',
      userIdentity: { type: 'AWSAccount', principalId: '', accountId: 'anonymous' },
      irsaLab: { decision: { relation: 'anonymous' } },
    });
  });

  it('records the access key id of a caller whose key the store never issued', async () => {
    const w = world();
    const unknown = { AccessKeyId: 'ASIAUNKNOWNKEY000000', SecretAccessKey: 'not-a-secret', SessionToken: 'token' };
    await send(w, unknown, pathUrl(BUCKET, 'reports/q1.csv'));
    expect(w.trail().at(-1)?.data).toMatchObject({
      errorCode: 'InvalidAccessKeyId',
      userIdentity: { accessKeyId: 'ASIAUNKNOWNKEY000000' },
    });
  });

  it('the same seed gives the same CloudTrail, byte for byte', async () => {
    const run = async () => {
      const w = world();
      const creds = w.session();
      await send(w, creds, pathUrl(BUCKET, 'reports/q1.csv'));
      await send(w, creds, pathUrl(BUCKET, 'x'), { method: 'PUT', body: 'x' });
      return w.log.toJsonLines('cloudtrail');
    };
    expect(await run()).toBe(await run());
  });
});
