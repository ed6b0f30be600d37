/**
 * Every STS call leaves a CloudTrail-shaped record in the event log, allowed
 * or denied, shaped as docs/reference.md#cloudtrail describes (plus irsaLab.tokenJti).
 */
import type { SimEvent } from '@irsa-lab/core';
import { cloudTrailDate } from '@irsa-lab/iam';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  createHarness,
  generateIssuerKeys,
  goodToken,
  PROVIDER_ARN,
  ROLE_ARN,
  START_MS,
  SUB,
} from './harness.js';

beforeAll(generateIssuerKeys);

const META = { sourceIp: '10.0.1.17', userAgent: 'aws-sdk-js/3.1177.0', host: 'sts.us-west-2.amazonaws.com' };
const JTI = '3f1c2a4e-5b6d-4c7e-8f90-a1b2c3d4e5f6';

function records(events: readonly SimEvent<'cloudtrail'>[]) {
  return events.map((e) => e.data);
}

/** A call with a good token but for `claims`, which STS refuses, and the one record it leaves. */
async function refusedCall(claims: Record<string, unknown>) {
  const h = createHarness();
  const token = await goodToken(h, claims);
  const out = await h.sts.assumeRoleWithWebIdentity(
    { RoleArn: ROLE_ARN, RoleSessionName: 'app', WebIdentityToken: token },
    META,
  );
  expect(out.ok).toBe(false);
  const [record] = records(h.log.all('cloudtrail'));
  return { h, out, record };
}

describe('CloudTrail records of AssumeRoleWithWebIdentity', () => {
  it('records an allowed call with the credentials but not the secret', async () => {
    const h = createHarness();
    const out = await h.sts.assumeRoleWithWebIdentity(
      { RoleArn: ROLE_ARN, RoleSessionName: 'app', WebIdentityToken: await goodToken(h), DurationSeconds: '3600' },
      META,
    );
    if (!out.ok) throw new Error(out.error.message);
    const [record] = records(h.log.all('cloudtrail'));
    expect(record).toEqual({
      eventVersion: '1.08',
      userIdentity: {
        type: 'WebIdentityUser',
        principalId: `${PROVIDER_ARN}:sts.amazonaws.com:${SUB}`,
        userName: SUB,
        identityProvider: PROVIDER_ARN,
      },
      eventTime: '2026-01-05T09:00:00Z',
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRoleWithWebIdentity',
      awsRegion: 'us-west-2',
      sourceIPAddress: '10.0.1.17',
      userAgent: 'aws-sdk-js/3.1177.0',
      requestParameters: { roleArn: ROLE_ARN, roleSessionName: 'app', durationSeconds: 3600 },
      responseElements: {
        credentials: {
          accessKeyId: out.result.Credentials.AccessKeyId,
          sessionToken: out.result.Credentials.SessionToken,
          expiration: 'Jan 5, 2026, 10:00:00 AM',
        },
        subjectFromWebIdentityToken: SUB,
        assumedRoleUser: {
          assumedRoleId: out.result.AssumedRoleUser.AssumedRoleId,
          arn: out.result.AssumedRoleUser.Arn,
        },
        provider: PROVIDER_ARN,
        audience: 'sts.amazonaws.com',
      },
      additionalEventData: { identityProviderConnectionVerificationMethod: 'IAMTrustStore' },
      requestID: out.requestId,
      eventID: expect.stringMatching(/^[0-9a-f-]{36}$/),
      readOnly: true,
      resources: [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: ROLE_ARN }],
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
      tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: META.host },
      irsaLab: { tokenJti: JTI },
    });
    expect(JSON.stringify(record)).not.toContain(out.result.Credentials.SecretAccessKey);
    // in CloudTrail's order (the JSON a learner exports reads like the real thing)
    expect(Object.keys(record ?? {})).toEqual([
      'eventVersion',
      'userIdentity',
      'eventTime',
      'eventSource',
      'eventName',
      'awsRegion',
      'sourceIPAddress',
      'userAgent',
      'requestParameters',
      'responseElements',
      'additionalEventData',
      'requestID',
      'eventID',
      'readOnly',
      'resources',
      'eventType',
      'managementEvent',
      'recipientAccountId',
      'eventCategory',
      'tlsDetails',
      'irsaLab',
    ]);
  });

  it('records a denied call with errorCode, null responseElements and the token jti', async () => {
    const { h, out, record } = await refusedCall({ sub: 'system:serviceaccount:web:default' });
    expect(record).toMatchObject({
      userIdentity: { principalId: `${PROVIDER_ARN}:sts.amazonaws.com:system:serviceaccount:web:default` },
      errorCode: 'AccessDenied',
      errorMessage: 'An unknown error occurred',
      responseElements: null,
      requestID: out.requestId,
      irsaLab: { tokenJti: JTI },
    });
    // the error fields sit after userAgent, as in CloudTrail
    expect(Object.keys(record ?? {}).slice(6, 11)).toEqual([
      'sourceIPAddress',
      'userAgent',
      'errorCode',
      'errorMessage',
      'requestParameters',
    ]);
    expect(h.log.all('cloudtrail')[0]?.summary).toBe(
      `AssumeRoleWithWebIdentity ${ROLE_ARN} by system:serviceaccount:web:default: AccessDenied`,
    );
  });

  it("records the token's audience in the principal of a call refused for its audience", async () => {
    const { record } = await refusedCall({ aud: 'https://kubernetes.default.svc' });
    expect(record).toMatchObject({
      userIdentity: { principalId: `${PROVIDER_ARN}:https://kubernetes.default.svc:${SUB}` },
      errorCode: 'InvalidIdentityToken',
      errorMessage: 'Incorrect token audience',
    });
  });

  it('records a call rejected before the token was read, with the wire message', async () => {
    const h = createHarness();
    await h.sts.assumeRoleWithWebIdentity({ RoleArn: ROLE_ARN, RoleSessionName: 'x', WebIdentityToken: 'abcd' });
    const [record] = records(h.log.all('cloudtrail'));
    expect(record).toMatchObject({
      errorCode: 'ValidationError',
      errorMessage:
        "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
      requestParameters: { roleArn: ROLE_ARN, roleSessionName: 'x' },
      resources: [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: ROLE_ARN }],
      awsRegion: 'us-west-2',
    });
  });

  it('writes credential expirations as CloudTrail does', () => {
    expect(cloudTrailDate(Date.UTC(2024, 6, 9, 16, 41, 37))).toBe('Jul 9, 2024, 4:41:37 PM');
    expect(cloudTrailDate(START_MS - 9 * 3600_000)).toBe('Jan 5, 2026, 12:00:00 AM');
  });

  it('leaves exactly one record per call, summarised', async () => {
    const h = createHarness();
    await h.sts.assumeRoleWithWebIdentity({
      RoleArn: ROLE_ARN,
      RoleSessionName: 'app',
      WebIdentityToken: await goodToken(h),
    });
    expect(h.log.all('cloudtrail').map((e) => e.summary)).toEqual([
      `AssumeRoleWithWebIdentity ${ROLE_ARN} by ${SUB}: allowed`,
    ]);
  });
});
