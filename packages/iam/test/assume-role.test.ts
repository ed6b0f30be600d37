/**
 * AssumeRole, signed by an assumed-role session (kube2iam's call with the
 * node's instance profile): the caller's identity policy and the role's
 * trust policy must both allow it; the answer is the role's credentials in
 * the Query protocol's XML, or AccessDenied naming caller and role; every
 * call is in CloudTrail.
 */
import { EventLog, IdMaker, Rng, SimClock } from '@irsa-lab/core';
import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createIam } from '../src/iam/index.js';
import { createSts, stsHandlers } from '../src/sts/index.js';
import { ACCOUNT, START_MS, signedStsRequest } from './harness.js';

const NODE_ROLE = `arn:aws:iam::${ACCOUNT}:role/node-role`;
const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/app-role`;
const trustNode = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: NODE_ROLE }, Action: 'sts:AssumeRole' }],
});
const mayAssume = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
});
const ec2Trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

function setup(options: { identity: boolean; trust: boolean }) {
  const clock = new SimClock({ startMs: START_MS });
  const log = new EventLog(clock);
  const ids = new IdMaker(new Rng(3));
  const iam = createIam({ clock, ids, log });
  iam.createAccount(ACCOUNT);
  iam.createRole(ACCOUNT, { RoleName: 'node-role', AssumeRolePolicyDocument: ec2Trust });
  if (options.identity) iam.putRolePolicy(ACCOUNT, 'node-role', 'assume', mayAssume);
  iam.createRole(ACCOUNT, { RoleName: 'app-role', AssumeRolePolicyDocument: options.trust ? trustNode : ec2Trust });
  const sts = createSts({
    iam,
    clock,
    ids,
    log,
    fetch: () => Promise.reject(new Error('no IdP')),
    region: 'us-west-2',
  });
  const node = iam.mintInstanceProfileCredentials(NODE_ROLE, 'i-0abc123def4567890');
  const creds = {
    accessKeyId: node.AccessKeyId,
    secretAccessKey: node.SecretAccessKey,
    sessionToken: node.SessionToken,
  };
  const call = async (roleArn = APP_ROLE) => {
    const body = new URLSearchParams({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: roleArn,
      RoleSessionName: 'kube2iam',
    }).toString();
    const response = await getResponse(stsHandlers(sts), await signedStsRequest(creds, clock.nowMs(), { body }));
    return { status: response?.status, xml: (await response?.text()) ?? '' };
  };
  return { iam, log, call, node };
}

describe('STS AssumeRole', () => {
  it("gives the node's session the role when its identity policy and the role's trust policy allow", async () => {
    const { iam, log, call } = setup({ identity: true, trust: true });
    const { status, xml } = await call();
    expect(status).toBe(200);
    const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(xml)?.[1] ?? '';
    expect(xml).toContain(`<Arn>arn:aws:sts::${ACCOUNT}:assumed-role/app-role/kube2iam</Arn>`);
    expect(iam.lookupAccessKey(key)).toMatchObject({ roleArn: APP_ROLE, kind: 'assume-role' });
    const record = log.all('cloudtrail').at(-1)?.data as { eventName: string; userIdentity: { arn: string } };
    expect(record).toMatchObject({
      eventName: 'AssumeRole',
      userIdentity: { arn: expect.stringContaining('assumed-role/node-role/') },
    });
  });

  for (const [what, options] of [
    ['the trust policy does not name the node role', { identity: true, trust: false }],
    ['the node role may not call sts:AssumeRole', { identity: false, trust: true }],
  ] as const) {
    it(`answers AccessDenied naming caller and role when ${what}`, async () => {
      const { call, node } = setup(options);
      const { status, xml } = await call();
      expect(status).toBe(403);
      expect(xml).toContain('<Code>AccessDenied</Code>');
      expect(xml).toContain(
        `User: ${node.assumedRoleArn} is not authorized to perform: sts:AssumeRole on resource: ${APP_ROLE}`,
      );
    });
  }

  it('refuses a malformed role ARN and a missing role', async () => {
    const { call } = setup({ identity: true, trust: true });
    expect((await call('arn:aws:iam::111122223333:user/someone')).xml).toContain('Request ARN is invalid');
    expect((await call(`arn:aws:iam::${ACCOUNT}:role/missing`)).status).toBe(403);
  });
});
