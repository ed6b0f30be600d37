/**
 * STS's request quota per account and Region: a bucket of requestsPerSecond
 * tokens refilled each simulated second; an empty bucket answers
 * `Throttling: Rate exceeded` (400, Sender) on the wire, for
 * AssumeRoleWithWebIdentity (the role's account) and GetCallerIdentity (the
 * signer's account), before anything is validated.
 */

import { RequestQuota, stsHandlers } from '@irsa-lab/iam';
import { getResponse } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, createHarness, generateIssuerKeys, goodToken, ROLE_ARN, signedStsRequest } from './harness.js';

beforeAll(generateIssuerKeys);

describe('STS request quota', () => {
  it('throttles the third call of a second at 2 per second, on the wire as Throttling: Rate exceeded', async () => {
    const h = createHarness({ requestsPerSecond: 2 });
    const token = await goodToken(h);
    const call = () =>
      getResponse(
        stsHandlers(h.sts),
        new Request('https://sts.us-west-2.amazonaws.com/', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            Action: 'AssumeRoleWithWebIdentity',
            Version: '2011-06-15',
            RoleArn: ROLE_ARN,
            RoleSessionName: 'quota',
            WebIdentityToken: token,
          }).toString(),
        }),
      );
    expect((await call())?.status).toBe(200);
    expect((await call())?.status).toBe(200);
    const third = await call();
    expect(third?.status).toBe(400);
    const xml = (await third?.text()) ?? '';
    expect(xml).toContain('<Type>Sender</Type>');
    expect(xml).toContain('<Code>Throttling</Code>');
    expect(xml).toContain('<Message>Rate exceeded</Message>');
    h.clock.advanceBy(1000);
    expect((await call())?.status).toBe(200);
    expect(h.sts.quotaUsage()).toEqual([
      { account: ACCOUNT, region: 'us-west-2', requestsPerSecond: 2, accepted: 3, throttled: 1 },
    ]);
    // a throttled call never reached validation: no CloudTrail record of it
    expect(h.log.all('cloudtrail')).toHaveLength(3);
  });

  it('keeps one bucket per Region: the global endpoint counts against us-east-1', async () => {
    const h = createHarness({ requestsPerSecond: 1 });
    const token = await goodToken(h);
    const params = { RoleArn: ROLE_ARN, RoleSessionName: 'quota', WebIdentityToken: token };
    expect((await h.sts.assumeRoleWithWebIdentity(params, { host: 'sts.us-west-2.amazonaws.com' })).ok).toBe(true);
    const again = await h.sts.assumeRoleWithWebIdentity(params, { host: 'sts.us-west-2.amazonaws.com' });
    expect(again).toMatchObject({ ok: false, error: { code: 'Throttling', status: 400 } });
    expect(again.trace[0]).toMatchObject({ step: 'request-quota', ok: false });
    expect((await h.sts.assumeRoleWithWebIdentity(params, { host: 'sts.amazonaws.com' })).ok).toBe(true);
  });

  it("counts GetCallerIdentity against the signer's account", async () => {
    const h = createHarness({ requestsPerSecond: 1 });
    const out = await h.sts.assumeRoleWithWebIdentity({
      RoleArn: ROLE_ARN,
      RoleSessionName: 'quota',
      WebIdentityToken: await goodToken(h),
    });
    if (!out.ok) throw new Error(out.error.code);
    h.clock.advanceBy(1000);
    const { AccessKeyId, SecretAccessKey, SessionToken } = out.result.Credentials;
    const creds = { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: SessionToken };
    const first = await h.sts.getCallerIdentity(await signedStsRequest(creds, h.clock.nowMs()));
    const second = await h.sts.getCallerIdentity(await signedStsRequest(creds, h.clock.nowMs()));
    expect([first.ok, second.ok]).toEqual([true, false]);
    expect(second).toMatchObject({ error: { code: 'Throttling' } });
  });

  it('refuses a quota below one request per second', () => {
    expect(() => new RequestQuota(0)).toThrow(TypeError);
    expect(() => createHarness({ requestsPerSecond: 1.5 })).toThrow(TypeError);
  });
});
