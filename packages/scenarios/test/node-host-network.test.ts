/**
 * A hostNetwork IRSA pod. Both the model chain and the real AWS SDK
 * v3 resolve the IRSA role (web identity comes before IMDS), while a direct
 * call to 169.254.169.254 from the same pod returns the node role — hop limit
 * 1 and IMDSv2 required or not.
 */

import { wallClock } from '@irsa-lab/core';
import { runRealSdkChain } from '@irsa-lab/ec2-node';
import { describe, expect, it } from 'vitest';
import { nodeWorld, podYaml, resolveIn, roleOf } from './node-world.js';

async function imdsDirect(fetcher: (r: Request) => Promise<Response>): Promise<string> {
  const token = await (
    await fetcher(
      new Request('http://169.254.169.254/latest/api/token', {
        method: 'PUT',
        headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' },
      }),
    )
  ).text();
  const headers = { 'x-aws-ec2-metadata-token': token };
  const base = 'http://169.254.169.254/latest/meta-data/iam/security-credentials/';
  const role = (await (await fetcher(new Request(base, { headers }))).text()).trim();
  const creds = (await (await fetcher(new Request(base + role, { headers }))).json()) as { AccessKeyId: string };
  return creds.AccessKeyId;
}

describe('a hostNetwork pod with IRSA', () => {
  it('uses the IRSA role through its SDK (model and real), yet reaches node credentials directly', async () => {
    const { world, nodeName, billingRoleArn, nodeRoleArn } = await nodeWorld(
      { httpTokens: 'required', httpPutResponseHopLimit: 1 },
      { requestClock: wallClock },
    );
    await world.apply(
      podYaml({
        namespace: 'payments',
        serviceAccount: 'billing',
        pod: 'billing-agent',
        nodeName,
        roleArn: billingRoleArn,
        hostNetwork: true,
      }),
      'agent.yaml',
    );
    const model = await resolveIn(world, 'payments', 'billing-agent');
    expect(model.ok && model.credentials.source).toBe('fromTokenFile');
    expect(model.ok && roleOf(world, model.credentials.accessKeyId)).toBe(billingRoleArn);

    const view = world.nodeOf('payments', 'billing-agent').podView('payments', 'billing-agent');
    const real = await runRealSdkChain(view, world.net, { call: 'GetCallerIdentity' });
    expect(real.error).toBeUndefined();
    expect(real.source).toBe('fromTokenFile');
    expect(real.callerArn).toMatch(/^arn:aws:sts::111122223333:assumed-role\/billing-reader\//);

    const direct = await imdsDirect((r) => view.fetch(r));
    expect(roleOf(world, direct)).toBe(nodeRoleArn);
  });
});
