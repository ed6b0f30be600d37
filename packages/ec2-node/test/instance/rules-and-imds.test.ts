/**
 * The node's IMDS and its iptables-like rules, through the real network and
 * a real IMDS: hop limit 1 + http-tokens required stops pod-network pods but
 * not hostNetwork ones; a FORWARD DROP/REJECT blocks pods only; kube2iam's
 * PREROUTING DNAT sends pods to the node's 8181; explainImds agrees.
 */

import type { NodeRule } from '@irsa-lab/ec2-node';
import { callerOf } from '@irsa-lab/net';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { caught, codeOf, makePod, makeWorld, NODE_IP, ROLE_NAME, type TestWorld } from './fixture.js';

const IMDS = 'http://169.254.169.254';
const CREDS = `${IMDS}/latest/meta-data/iam/security-credentials/${ROLE_NAME}`;

/** A world with one pod-network pod `default/app` and one hostNetwork pod `kube-system/agent`. */
async function twoPods(metadataOptions?: { httpTokens: 'optional' | 'required'; httpPutResponseHopLimit: number }) {
  const world = makeWorld(3, metadataOptions ? { metadataOptions } : {});
  await world.node.runPod(makePod(world, 'app'));
  await world.node.runPod(makePod(world, 'agent', { namespace: 'kube-system', hostNetwork: true }));
  return {
    world,
    app: world.node.podView('default', 'app'),
    agent: world.node.podView('kube-system', 'agent'),
  };
}

function tokenPut(): Request {
  return new Request(`${IMDS}/latest/api/token`, {
    method: 'PUT',
    headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '21600' },
  });
}

function lastFilterStep(world: TestWorld, callerId: string): string | undefined {
  return world.net.lastTrace.get(callerId)?.find((step) => step.step === 'filter')?.detail;
}

describe('IMDS hop limit through the node', () => {
  it('with http-tokens required and hop limit 1, a pod-network pod’s PUT times out and v1 is refused; hostNetwork works', async () => {
    const { world, app, agent } = await twoPods({ httpTokens: 'required', httpPutResponseHopLimit: 1 });
    expect(await codeOf(app.fetch(tokenPut()))).toBe('NET_TIMEOUT');
    expect((await app.fetch(new Request(CREDS))).status).toBe(401);
    const put = await agent.fetch(tokenPut());
    expect(put.status).toBe(200);
    const creds = await agent.fetch(new Request(CREDS, { headers: { 'X-aws-ec2-metadata-token': await put.text() } }));
    expect(creds.status).toBe(200);
    expect(await creds.json()).toMatchObject({ Code: 'Success', AccessKeyId: 'ASIAQX5EXAMPLE7NODE1' });
    expect(world.node.explainImds('default', 'app')).toMatchObject({ nodeCredentials: false, rule: undefined });
    expect(world.node.explainImds('kube-system', 'agent')).toMatchObject({ nodeCredentials: true });
  });

  it('with http-tokens optional, the pod still reads node credentials over IMDSv1 whatever the hop limit', async () => {
    const { world, app } = await twoPods({ httpTokens: 'optional', httpPutResponseHopLimit: 1 });
    expect(await codeOf(app.fetch(tokenPut()))).toBe('NET_TIMEOUT');
    expect((await app.fetch(new Request(CREDS))).status).toBe(200);
    const verdict = world.node.explainImds('default', 'app');
    expect(verdict).toMatchObject({ nodeCredentials: true, reachability: { v2Token: 'dropped', v1: 'ok' } });
  });

  it('serves IMDS only to callers on this node, with the node itself 1 hop away', async () => {
    const { world } = await twoPods({ httpTokens: 'required', httpPutResponseHopLimit: 1 });
    expect((await world.net.fetch(tokenPut(), world.node.caller)).status).toBe(200);
    const stranger = { ...world.node.caller, id: 'other-node', node: 'other-node' };
    expect(await codeOf(world.net.fetch(tokenPut(), stranger))).toBe('NET_UNREACHABLE');
  });
});

describe('block-imds-from-pods', () => {
  it('DROP: the pod’s IMDS calls time out (the trace names the rule) while the hostNetwork pod’s work', async () => {
    const { world, app, agent } = await twoPods();
    world.node.setRules([{ kind: 'block-imds-from-pods', action: 'DROP' }]);
    const line = 'iptables -A FORWARD -s 10.0.1.0/24 -d 169.254.169.254/32 -j DROP';
    expect(world.node.iptablesLines()).toEqual([line]);
    expect(world.log.all('node.rules-set').at(-1)?.data).toEqual({ node: world.node.name, rules: [line] });
    expect(await codeOf(app.fetch(new Request(CREDS)))).toBe('NET_TIMEOUT');
    expect(lastFilterStep(world, 'default/app')).toBe(`DROP by ${line}`);
    expect((await agent.fetch(new Request(CREDS))).status).toBe(200);
    expect(lastFilterStep(world, 'kube-system/agent')).toBeUndefined();
    const verdict = world.node.explainImds('default', 'app');
    expect(verdict).toMatchObject({ nodeCredentials: false, rule: { line, action: 'drop' }, reachability: undefined });
    expect(verdict.summary).toContain('times out');
    const hostVerdict = world.node.explainImds('kube-system', 'agent');
    expect(hostVerdict).toMatchObject({ nodeCredentials: true, rule: undefined });
    expect(hostVerdict.summary).toContain('OUTPUT');
  });

  it('REJECT: connection refused; other destinations are untouched', async () => {
    const { world, app } = await twoPods();
    world.net.addHost('s3.us-west-2.amazonaws.com', [
      http.get('https://s3.us-west-2.amazonaws.com/', () => new HttpResponse('ok')),
    ]);
    world.node.setRules([{ kind: 'block-imds-from-pods', action: 'REJECT' }]);
    expect(await codeOf(app.fetch(new Request(CREDS)))).toBe('NET_CONNECTION_REFUSED');
    expect((await app.fetch(new Request('https://s3.us-west-2.amazonaws.com/'))).status).toBe(200);
  });

  it('an allow rule listed before the block lets one pod through, as first match wins', async () => {
    const { world, app } = await twoPods();
    await world.node.runPod(makePod(world, 'other', { expirationSeconds: false }));
    const other = world.node.podView('default', 'other');
    world.node.setRules([
      { kind: 'allow', source: app.caller.sourceIp },
      { kind: 'block-imds-from-pods', action: 'DROP' },
    ]);
    expect((await app.fetch(new Request(CREDS))).status).toBe(200);
    expect(lastFilterStep(world, 'default/app')).toBe(
      `ACCEPT by iptables -A FORWARD -s ${app.caller.sourceIp}/32 -d 169.254.169.254/32 -j ACCEPT`,
    );
    expect(await codeOf(other.fetch(new Request(CREDS)))).toBe('NET_TIMEOUT');
    expect(world.node.explainImds('default', 'app')).toMatchObject({
      nodeCredentials: true,
      rule: { action: 'accept' },
    });
  });
});

describe('kube2iam-dnat', () => {
  it('sends pod-network pods to the node’s 8181 (path kept), while hostNetwork pods still reach IMDS', async () => {
    const { world, app, agent } = await twoPods();
    world.net.addHost(NODE_IP, [
      http.all(`http://${NODE_IP}:8181/*`, ({ request }) =>
        HttpResponse.json({ kube2iam: true, path: new URL(request.url).pathname, caller: callerOf(request).id }),
      ),
    ]);
    world.node.setRules([
      { kind: 'block-imds-from-pods', action: 'DROP' },
      { kind: 'kube2iam-dnat', toUrl: `http://${NODE_IP}:8181` },
    ]);
    const dnat = `iptables -t nat -A PREROUTING -p tcp -d 169.254.169.254/32 --dport 80 -i eni+ -j DNAT --to-destination ${NODE_IP}:8181`;
    // PREROUTING comes first whatever the listing order: after DNAT the packet is no longer bound for IMDS
    expect(world.node.iptablesLines()[0]).toBe(dnat);
    const res = await app.fetch(new Request(CREDS));
    expect(await res.json()).toEqual({
      kube2iam: true,
      path: `/latest/meta-data/iam/security-credentials/${ROLE_NAME}`,
      caller: 'default/app',
    });
    expect(lastFilterStep(world, 'default/app')).toBe(
      `DNAT to http://${NODE_IP}:8181/latest/meta-data/iam/security-credentials/${ROLE_NAME} by ${dnat}`,
    );
    expect(await (await agent.fetch(new Request(CREDS))).json()).toMatchObject({ Code: 'Success' });
    expect(world.node.explainImds('default', 'app')).toMatchObject({
      nodeCredentials: false,
      rule: { action: 'dnat' },
    });
  });
});

describe('explainPodIdentityAgent without the agent', () => {
  it('says nothing listens on 169.254.170.23 on a node that does not run the DaemonSet', async () => {
    const { world } = await twoPods();
    expect(world.node.explainPodIdentityAgent('default', 'app')).toMatchObject({
      agentRunning: false,
      reachable: false,
      summary: expect.stringContaining('nothing listens on 169.254.170.23:80'),
    });
  });
});

describe('rule validation', () => {
  it.each([
    {
      rule: { kind: 'block-imds-from-pods', action: 'ACCEPT' },
      field: 'rules[0].action',
      path: ['rules', 0, 'action'],
    },
    { rule: { kind: 'kube2iam-dnat', toUrl: 'not a url' }, field: 'rules[0].toUrl', path: ['rules', 0, 'toUrl'] },
    { rule: { kind: 'allow', source: '10.0.1.300' }, field: 'rules[0].source', path: ['rules', 0, 'source'] },
    { rule: { kind: 'masquerade' }, field: 'rules[0].kind', path: ['rules', 0, 'kind'] },
  ])('refuses $field with INPUT_INVALID and keeps the old rules', async ({ rule, field, path }) => {
    const world = makeWorld();
    world.node.setRules([{ kind: 'block-imds-from-pods', action: 'DROP' }]);
    const err = caught(() => world.node.setRules([rule as unknown as NodeRule]));
    expect(err).toMatchObject({ code: 'INPUT_INVALID', detail: { field, path } });
    expect(world.node.rules()).toEqual([{ kind: 'block-imds-from-pods', action: 'DROP' }]);
    expect(world.node.iptablesLines()).toHaveLength(1);
  });
});
