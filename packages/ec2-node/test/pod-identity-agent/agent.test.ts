/**
 * The EKS Pod Identity agent (aws/eks-pod-identity-agent; reference "Pod
 * Identity"): the container-credentials JSON, the call to EKS Auth signed
 * with the node role, the per-token cache, the plain-text refusals with
 * their statuses in the agent's order (Host, token, EKS Auth), and who can
 * reach it: pods in their own network namespace and hostNetwork pods on
 * its node, unless a node rule blocks them; not pods of other nodes.
 */
import { HOUR_MS } from '@irsa-lab/core';
import { describe, expect, it } from 'vitest';
import { HOST_POD, makeAgentWorld, NODE_KEY, OTHER_NODE_POD, POD, podToken } from './fixture.js';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

describe('the agent answers container credentials', () => {
  it('asks EKS Auth with the token, signed with the node role, and answers the JSON the SDKs read', async () => {
    const w = makeAgentWorld();
    const token = podToken(w.clock.nowMs());
    const response = await w.get(POD, { Authorization: token });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = await response.json();
    expect(Object.keys(body)).toEqual(['AccessKeyId', 'SecretAccessKey', 'Token', 'AccountId', 'Expiration']);
    expect(body).toEqual({
      AccessKeyId: 'ASIAPODIDENTITY00001',
      SecretAccessKey: 'secret-1',
      Token: 'token-1',
      AccountId: '111122223333',
      Expiration: '2026-01-05T15:00:00Z',
    });
    expect(w.calls).toEqual([
      {
        path: '/clusters/demo/assume-role-for-pod-identity',
        token,
        authorization: expect.stringMatching(
          new RegExp(`^AWS4-HMAC-SHA256 Credential=${NODE_KEY}/20260105/us-west-2/eks-auth/aws4_request`),
        ),
        userAgent: expect.stringContaining('api/eksauth#'),
      },
    ]);
    // the node role came from the node's own IMDS, as the node (IMDSv2)
    expect(w.log.all('imds.request').map((e) => (e.data as { callerId: string }).callerId)).toEqual([
      'ip-10-0-1-23.us-west-2.compute.internal',
      'ip-10-0-1-23.us-west-2.compute.internal',
      'ip-10-0-1-23.us-west-2.compute.internal',
    ]);
  });

  it('caches per token: the same token again is served from the cache, until 3 hours have passed', async () => {
    const w = makeAgentWorld();
    const token = podToken(w.clock.nowMs());
    await w.get(POD, { Authorization: token });
    await w.get(HOST_POD, { Authorization: token });
    expect(w.calls).toHaveLength(1);
    await w.get(POD, { Authorization: podToken(w.clock.nowMs(), 3600) });
    expect(w.calls).toHaveLength(2);
    w.clock.advanceBy(3 * HOUR_MS);
    const renewed = await (await w.get(POD, { Authorization: token })).json();
    expect(w.calls).toHaveLength(3);
    expect(renewed.AccessKeyId).toBe('ASIAPODIDENTITY00003');
    expect(w.node.podIdentityAgent?.cacheSize()).toBe(2);
  });

  it('keeps good credentials when a renewal fails for a passing reason, drops them on an irrecoverable one', async () => {
    const w = makeAgentWorld();
    const token = podToken(w.clock.nowMs());
    await w.get(POD, { Authorization: token });
    w.clock.advanceBy(3 * HOUR_MS);
    w.eksAuthError = { code: 'ThrottlingException', status: 429, message: 'Rate exceeded' };
    expect((await w.get(POD, { Authorization: token })).status).toBe(200);
    w.eksAuthError = { code: 'ResourceNotFoundException', status: 404, message: 'no association' };
    const gone = await w.get(POD, { Authorization: token });
    expect(gone.status).toBe(404);
    expect(w.node.podIdentityAgent?.cacheSize()).toBe(0);
  });
});

describe('the agent refuses, in plain text with its status', () => {
  const NOW = Date.UTC(2026, 0, 5, 9);

  it.each([
    [
      'a wrong Host',
      { Host: '127.0.0.1:8080', Authorization: podToken(NOW) },
      403,
      'Access Denied. Called agent through invalid address, please use either [169.254.170.23 fd00:ec2::23] address not 127.0.0.1\n',
    ],
    ['no token', {}, 400, 'Service account token cannot be empty\n'],
    [
      'a "Bearer " token',
      { Authorization: `Bearer ${podToken(NOW)}` },
      400,
      'Service account token cannot be parsed: token is malformed: could not base64 decode header: illegal base64 data at input byte 6\n',
    ],
    [
      'an expired token',
      { Authorization: podToken(NOW - 2 * 86400 * 1000) },
      400,
      'Service account token failed basic claim validations: token has invalid claims: token is expired\n',
    ],
  ])('%s', async (_title, headers, status, body) => {
    const w = makeAgentWorld();
    const response = await w.get(POD, headers);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe(body);
    expect(w.calls).toEqual([]);
  });

  it('passes EKS Auth refusals on with their status: a foreign token', async () => {
    const w = makeAgentWorld();
    w.eksAuthError = {
      code: 'InvalidTokenException',
      status: 400,
      message: 'The token included in the request is invalid',
    };
    const response = await w.get(POD, { Authorization: podToken(w.clock.nowMs()) });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(
      '[req-1]: (InvalidTokenException): The token included in the request is invalid, fault: client\n',
    );
  });

  it('accepts the IPv6 Host, answers 404 page not found elsewhere, and 500 without node credentials', async () => {
    const w = makeAgentWorld();
    const ipv6 = await w.get(
      HOST_POD,
      { Authorization: podToken(w.clock.nowMs()) },
      'http://[fd00:ec2::23]/v1/credentials',
    );
    expect(ipv6.status).toBe(200);
    const probe = await w.get(HOST_POD, {}, 'http://169.254.170.23/');
    expect([probe.status, await probe.text()]).toEqual([404, '404 page not found\n']);
    const bare = makeAgentWorld({ instanceProfile: undefined });
    const noRole = await bare.get(POD, { Authorization: podToken(bare.clock.nowMs()) });
    expect(noRole.status).toBe(500);
    expect(await noRole.text()).toContain('operation error EKS Auth: AssumeRoleForPodIdentity');
  });
});

describe('who reaches the agent', () => {
  it('pods on its node in their own network namespace and with hostNetwork, not pods of other nodes', async () => {
    const w = makeAgentWorld();
    const token = { Authorization: podToken(w.clock.nowMs()) };
    expect((await w.get(POD, token)).status).toBe(200);
    expect((await w.get(HOST_POD, token)).status).toBe(200);
    expect(await codeOf(w.get(OTHER_NODE_POD, token))).toBe('NET_UNREACHABLE');
  });

  it('not [fd00:ec2::23] from a pod network namespace of this IPv4 cluster', async () => {
    const w = makeAgentWorld();
    expect(await codeOf(w.get(POD, {}, 'http://[fd00:ec2::23]/v1/credentials'))).toBe('NET_CONNECTION_REFUSED');
  });

  it('a node rule in INPUT blocks pods in their own network namespace, not hostNetwork pods', async () => {
    const w = makeAgentWorld();
    w.node.setRules([{ kind: 'block-pod-identity-agent-from-pods', action: 'DROP' }]);
    expect(w.node.iptablesLines()).toEqual([
      'iptables -A INPUT -s 10.0.1.0/24 -d 169.254.170.23/32 -p tcp --dport 80 -j DROP',
    ]);
    const token = { Authorization: podToken(w.clock.nowMs()) };
    expect(await codeOf(w.get(POD, token))).toBe('NET_TIMEOUT');
    expect((await w.get(HOST_POD, token)).status).toBe(200);
    // IMDS stays reachable: the rule names the agent only
    expect((await w.net.fetch(new Request('http://169.254.169.254/latest/meta-data/'), POD)).status).toBe(200);
  });

  it('judges token times by the node clock (a skewed node sees a fresh token as not valid yet)', async () => {
    const w = makeAgentWorld({}, -10 * 60_000);
    const response = await w.get(POD, { Authorization: podToken(w.clock.nowMs()) });
    expect(await response.text()).toBe(
      'Service account token failed basic claim validations: token has invalid claims: token is not valid yet\n',
    );
  });
});
