/**
 * AssumeRole signed by a node's instance-profile session (kube2iam's call):
 * the role's trust policy must allow the node role; the node role's own
 * policies must allow sts:AssumeRole too unless the trust policy names the
 * node role itself (same account). A denial is AccessDenied naming caller
 * and role; the new session is of kind assume-role; CloudTrail has the call.
 */
import { EventLog, IdMaker, Rng, SimClock } from '@irsa-lab/core';
import { type AssumeRoleRecord, createIam, createSts, roleArn, stsHandlers } from '@irsa-lab/iam';
import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, START_MS, signedStsRequest } from './harness.js';

const NODE_ROLE = roleArn(ACCOUNT, '/', 'node-role');
const APP_ROLE = roleArn(ACCOUNT, '/', 'app-role');
const trustOf = (principal: Record<string, string>) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
  });
const mayAssume = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
});
const ec2Trust = trustOf({ Service: 'ec2.amazonaws.com' });

type Trust = 'node-role' | 'account' | 'ec2-only';

function setup(options: { identity: boolean; trust: Trust }) {
  const clock = new SimClock({ startMs: START_MS });
  const log = new EventLog(clock);
  const ids = new IdMaker(new Rng(3));
  const iam = createIam({ clock, ids, log });
  iam.createAccount(ACCOUNT);
  iam.createRole(ACCOUNT, { RoleName: 'node-role', AssumeRolePolicyDocument: ec2Trust });
  if (options.identity) iam.putRolePolicy(ACCOUNT, 'node-role', 'assume', mayAssume);
  const trust = {
    'node-role': trustOf({ AWS: NODE_ROLE }),
    account: trustOf({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
    'ec2-only': ec2Trust,
  }[options.trust];
  iam.createRole(ACCOUNT, { RoleName: 'app-role', AssumeRolePolicyDocument: trust });
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
  const call = async (target = APP_ROLE) => {
    const body = new URLSearchParams({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: target,
      RoleSessionName: 'kube2iam',
    }).toString();
    const response = await getResponse(stsHandlers(sts), await signedStsRequest(creds, clock.nowMs(), { body }));
    return { status: response?.status, xml: (await response?.text()) ?? '' };
  };
  return { iam, log, call, node };
}

describe("STS AssumeRole with a node's instance-profile session", () => {
  it("gives the node's session the role when its identity policy and the role's trust policy allow", async () => {
    const { iam, log, call } = setup({ identity: true, trust: 'account' });
    const { status, xml } = await call();
    expect(status).toBe(200);
    const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(xml)?.[1] ?? '';
    expect(xml).toContain(`<Arn>arn:aws:sts::${ACCOUNT}:assumed-role/app-role/kube2iam</Arn>`);
    expect(iam.lookupAccessKey(key)).toMatchObject({ roleArn: APP_ROLE, kind: 'assume-role' });
    const record = log.all('cloudtrail').at(-1)?.data as AssumeRoleRecord;
    expect(record.eventName).toBe('AssumeRole');
    expect(record.userIdentity.sessionContext?.sessionIssuer?.arn).toBe(NODE_ROLE);
  });

  it('needs no identity policy when the trust policy names the node role itself (same account)', async () => {
    const { status } = await setup({ identity: false, trust: 'node-role' }).call();
    expect(status).toBe(200);
  });

  for (const [what, options] of [
    ['the trust policy does not name the node role or its account', { identity: true, trust: 'ec2-only' }],
    [
      'the trust policy names the account and the node role may not call sts:AssumeRole',
      { identity: false, trust: 'account' },
    ],
  ] as const) {
    it(`answers AccessDenied naming caller and role when ${what}`, async () => {
      const { call, node, log } = setup(options);
      const { status, xml } = await call();
      expect(status).toBe(403);
      expect(xml).toContain('<Code>AccessDenied</Code>');
      expect(xml).toContain(
        `User: ${node.assumedRoleArn} is not authorized to perform: sts:AssumeRole on resource: ${APP_ROLE}`,
      );
      expect((log.all('cloudtrail').at(-1)?.data as AssumeRoleRecord | undefined)?.errorCode).toBe('AccessDenied');
    });
  }

  it('refuses a malformed role ARN and a missing role', async () => {
    const { call } = setup({ identity: true, trust: 'account' });
    expect((await call('arn:aws:iam::111122223333:user/someone')).xml).toContain('Request ARN is invalid');
    expect((await call(roleArn(ACCOUNT, '/', 'missing'))).status).toBe(403);
  });
});
