/**
 * An IRSA pod gets its role and reads its bucket; a pod without
 * IRSA falls back to the node role, which reads only the node's bucket.
 * Requests are SigV4-signed and sent from the pods through the network.
 */

import { s3GetObject } from '@irsa-lab/scenarios';
import { describe, expect, it } from 'vitest';
import { nodeWorld, resolveIn, startBillingApi, startFrontend } from './node-world.js';

const READ = (bucket: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: `arn:aws:s3:::${bucket}/*` }],
  });

describe('S3 from pods', () => {
  it('lets the IRSA pod read its bucket and not the node bucket, and the plain pod only the node bucket', async () => {
    const nw = await nodeWorld();
    const { world } = nw;
    world.iam.putRolePolicy(world.accountId, 'billing-reader', 'read-reports', READ('billing-reports'));
    world.iam.putRolePolicy(world.accountId, 'demo-node-role', 'read-logs', READ('node-logs'));
    world.s3.createBucket(world.accountId, 'billing-reports');
    world.s3.createBucket(world.accountId, 'node-logs');
    world.s3.putObjectDirect('billing-reports', '2026/01/invoice.csv', 'id,amount\n1,42\n');
    world.s3.putObjectDirect('node-logs', 'kubelet.log', 'ok\n');
    await startBillingApi(nw);
    await startFrontend(nw);

    const billing = await resolveIn(world, 'payments', 'billing-api');
    if (!billing.ok) throw new Error(billing.error.message);
    const billingView = world.nodeOf('payments', 'billing-api').podView('payments', 'billing-api');
    const report = await s3GetObject(world, billingView, billing.credentials, 'billing-reports', '2026/01/invoice.csv');
    expect(report).toMatchObject({ status: 200, body: 'id,amount\n1,42\n' });
    const denied = await s3GetObject(world, billingView, billing.credentials, 'node-logs', 'kubelet.log');
    expect(denied).toMatchObject({ status: 403, errorCode: 'AccessDenied' });
    expect(denied.decision?.allowed).toBe(false);

    const frontend = await resolveIn(world, 'web', 'frontend');
    if (!frontend.ok) throw new Error(frontend.error.message);
    const webView = world.nodeOf('web', 'frontend').podView('web', 'frontend');
    expect((await s3GetObject(world, webView, frontend.credentials, 'node-logs', 'kubelet.log')).status).toBe(200);
    expect(
      (await s3GetObject(world, webView, frontend.credentials, 'billing-reports', '2026/01/invoice.csv')).status,
    ).toBe(403);

    const trail = world.log.all('cloudtrail').map((e) => e.data);
    const s3Events = trail.filter((r) => r.eventSource === 's3.amazonaws.com');
    expect(s3Events.map((r) => `${r.eventName}:${r.errorCode ?? 'ok'}`)).toEqual([
      'GetObject:ok',
      'GetObject:AccessDenied',
      'GetObject:ok',
      'GetObject:AccessDenied',
    ]);
  });
});
