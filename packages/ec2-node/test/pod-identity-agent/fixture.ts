/**
 * A node running the EKS Pod Identity agent: a real SimClock, EventLog,
 * SimNetwork and IMDS, the node with its agent, a fake EKS Auth that records
 * what the agent sent and answers as told, and callers standing for a pod in
 * its own network namespace, a hostNetwork pod and a pod on another node.
 */
import { DEFAULT_START_MS, EventLog, HOUR_MS, IdMaker, Rng, SimClock } from '@irsa-lab/core';
import { createNode, type SimNode } from '@irsa-lab/ec2-node';
import { type CreateImdsOptions, createImds } from '@irsa-lab/imds';
import { type Caller, SimNetwork } from '@irsa-lab/net';
import { HttpResponse, http } from 'msw';

export const NODE_NAME = 'ip-10-0-1-23.us-west-2.compute.internal';
export const NODE_KEY = 'ASIAQX5EXAMPLE7NODE1';
export const POD: Caller = {
  kind: 'pod',
  id: 'payments/billing-api',
  node: NODE_NAME,
  hostNetwork: false,
  hops: 2,
  vantage: 'vpc',
  sourceIp: '10.0.1.57',
};
export const HOST_POD: Caller = {
  ...POD,
  id: 'kube-system/node-agent',
  hostNetwork: true,
  hops: 1,
  sourceIp: '10.0.1.23',
};
export const OTHER_NODE_POD: Caller = { ...POD, id: 'web/frontend', node: 'ip-10-0-2-10.us-west-2.compute.internal' };

/** What the fake EKS Auth received. */
export interface EksAuthCall {
  readonly path: string;
  readonly token: string;
  readonly authorization: string;
  readonly userAgent: string | null;
}

export interface AgentWorld {
  readonly clock: SimClock;
  readonly log: EventLog;
  readonly net: SimNetwork;
  readonly node: SimNode;
  readonly calls: EksAuthCall[];
  /** undefined: answer credentials; otherwise the error EKS Auth sends. */
  eksAuthError: { code: string; status: number; message: string } | undefined;
  /** GET the agent as `caller`. */
  get(caller: Caller, headers?: Record<string, string>, url?: string): Promise<Response>;
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A JWT-shaped Pod Identity token (the agent does not check signatures). */
export function podToken(nowMs: number, lifetimeSeconds = 86400): string {
  const iat = Math.floor(nowMs / 1000);
  const claims = {
    aud: ['pods.eks.amazonaws.com'],
    exp: iat + lifetimeSeconds,
    iat,
    nbf: iat,
    sub: 'system:serviceaccount:payments:billing',
  };
  return `${b64({ alg: 'RS256', kid: 'k1' })}.${b64(claims)}.c2lnbmF0dXJl`;
}

export function makeAgentWorld(imdsOptions: Partial<CreateImdsOptions> = {}, skewMs?: number): AgentWorld {
  const clock = new SimClock({ startMs: DEFAULT_START_MS });
  const log = new EventLog(clock);
  const net = new SimNetwork({ log });
  const ids = new IdMaker(new Rng(3));
  const imds = createImds({
    clock,
    ids,
    log,
    instanceId: 'i-0abc123def4567890',
    nodeName: NODE_NAME,
    region: 'us-west-2',
    accountId: '111122223333',
    instanceProfile: {
      name: 'node-profile',
      arn: 'arn:aws:iam::111122223333:instance-profile/node-profile',
      id: 'AIPAQX5EXAMPLEPROFILE',
      roleName: 'node-role',
    },
    getRoleCredentials: () => ({
      AccessKeyId: NODE_KEY,
      SecretAccessKey: 'node-secret',
      Token: 'node-session',
      ExpirationMs: clock.nowMs() + 6 * HOUR_MS,
      LastUpdatedMs: clock.nowMs(),
    }),
    ...imdsOptions,
  });
  const calls: EksAuthCall[] = [];
  const world = { eksAuthError: undefined } as AgentWorld;
  let n = 0;
  net.addHost('eks-auth.us-west-2.api.aws', [
    http.post('https://eks-auth.us-west-2.api.aws/clusters/:name/assume-role-for-pod-identity', async ({ request }) => {
      const { token } = (await request.json()) as { token: string };
      calls.push({
        path: new URL(request.url).pathname,
        token,
        authorization: request.headers.get('authorization') ?? '',
        userAgent: request.headers.get('user-agent'),
      });
      const requestId = `req-${++n}`;
      const err = world.eksAuthError;
      if (err) {
        return HttpResponse.json(
          { message: err.message },
          { status: err.status, headers: { 'x-amzn-ErrorType': err.code, 'x-amzn-RequestId': requestId } },
        );
      }
      return HttpResponse.json(
        {
          subject: { namespace: 'payments', serviceAccount: 'billing' },
          audience: 'pods.eks.amazonaws.com',
          podIdentityAssociation: {
            associationArn: 'arn:aws:eks:us-west-2:111122223333:podidentityassociation/demo/a-1',
            associationId: 'a-1',
          },
          assumedRoleUser: {
            arn: `arn:aws:sts::111122223333:assumed-role/pod-role/eks-demo-billing-api-${n}`,
            assumeRoleId: `AROAX:${n}`,
          },
          credentials: {
            sessionToken: `token-${n}`,
            secretAccessKey: `secret-${n}`,
            accessKeyId: `ASIAPODIDENTITY0000${n}`,
            expiration: Math.floor(clock.nowMs() / 1000) + 21600,
          },
        },
        { headers: { 'x-amzn-RequestId': requestId } },
      );
    }),
  ]);
  const node = createNode({
    name: NODE_NAME,
    clock,
    rng: new Rng(5),
    ids,
    log,
    net,
    imds,
    nodeIp: '10.0.1.23',
    podCidr: '10.0.1.0/24',
    requestToken: async () => {
      throw new Error('no token requests in these tests');
    },
    ...(skewMs === undefined ? {} : { skewMs }),
    podIdentityAgent: { clusterName: 'demo', region: 'us-west-2' },
  });
  return Object.assign(world, {
    clock,
    log,
    net,
    node,
    calls,
    get: (caller: Caller, headers: Record<string, string> = {}, url = 'http://169.254.170.23/v1/credentials') =>
      net.fetch(new Request(url, { headers }), caller),
  });
}
