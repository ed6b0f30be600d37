/**
 * Shared test world: one instance's IMDS on a SimClock, fixed callers as the
 * network would stamp them, a `send` straight to the handlers that fails on
 * unhandled requests, and a `fetch` through the simulated network (which
 * applies the response's IP TTL to the caller's hop count).
 */

import { DEFAULT_START_MS, EventLog, HOUR_MS, IdMaker, IMDS_ENDPOINT, Rng, SimClock, SimError } from '@irsa-lab/core';
import { type CreateImdsOptions, createImds, type Imds, imdsHandlers, type RoleCredentials } from '@irsa-lab/imds';
import { type Caller, SimNetwork, withCaller } from '@irsa-lab/net';
import { getResponse } from 'msw';

export const NODE_NAME = 'ip-10-0-1-23.us-west-2.compute.internal';
export const INSTANCE_ID = 'i-0abc123def4567890';
export const ROLE_NAME = 'eks-node-role';

export const NODE: Caller = {
  kind: 'node',
  id: NODE_NAME,
  node: NODE_NAME,
  hops: 1,
  vantage: 'vpc',
  sourceIp: '10.0.1.23',
};
export const HOST_POD: Caller = {
  kind: 'pod',
  id: 'kube-system/aws-node-x7k2p',
  node: NODE_NAME,
  hostNetwork: true,
  hops: 1,
  vantage: 'vpc',
  sourceIp: '10.0.1.23',
};
export const POD: Caller = {
  kind: 'pod',
  id: 'default/app-5d8f9',
  node: NODE_NAME,
  hostNetwork: false,
  hops: 2,
  vantage: 'vpc',
  sourceIp: '10.0.1.57',
};

export const CREDENTIALS: RoleCredentials = {
  AccessKeyId: 'ASIAQX5EXAMPLE7NODE1',
  SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  Token: 'IQoJb3JpZ2luX2VjEXAMPLE',
  ExpirationMs: DEFAULT_START_MS + 6 * HOUR_MS,
  LastUpdatedMs: DEFAULT_START_MS - 5 * 60_000,
};

export interface TestInstance {
  readonly clock: SimClock;
  readonly log: EventLog;
  readonly imds: Imds;
  /** Role names getRoleCredentials was asked for. */
  readonly asked: string[];
  /** Send a request as `caller` straight to the handlers; fails the test if IMDS did not handle it. */
  send(path: string, init?: RequestInit, caller?: Caller): Promise<Response>;
  /** The same request through the simulated network, IMDS served on the node NODE_NAME; rejects with NET_TIMEOUT when the response is dropped. */
  fetch(path: string, init?: RequestInit, caller?: Caller): Promise<Response>;
  /** PUT a token request with TTL `ttlSeconds`, returning the token text (expects 200). */
  token(ttlSeconds?: number, caller?: Caller): Promise<string>;
}

/** A fresh instance; `overrides` replace any createImds option. */
export function makeInstance(overrides: Partial<CreateImdsOptions> = {}, seed = 1): TestInstance {
  const clock = new SimClock({ startMs: DEFAULT_START_MS });
  const log = new EventLog(clock);
  const asked: string[] = [];
  const imds = createImds({
    clock,
    ids: new IdMaker(new Rng(seed)),
    log,
    instanceId: INSTANCE_ID,
    nodeName: NODE_NAME,
    region: 'us-west-2',
    accountId: '111122223333',
    instanceProfile: {
      name: 'eks-node-profile',
      arn: 'arn:aws:iam::111122223333:instance-profile/eks-node-profile',
      id: 'AIPAQX5EXAMPLEPROFILE',
      roleName: ROLE_NAME,
    },
    getRoleCredentials: (roleName) => {
      asked.push(roleName);
      return CREDENTIALS;
    },
    ...overrides,
  });
  const handlers = imdsHandlers(imds);
  async function send(path: string, init: RequestInit = {}, caller: Caller = NODE): Promise<Response> {
    const request = withCaller(new Request(`${IMDS_ENDPOINT}${path}`, init), caller);
    const response = await getResponse(handlers, request);
    if (!response) throw new Error(`unhandled request: ${init.method ?? 'GET'} ${path}`);
    return response;
  }
  const network = new SimNetwork();
  network.addHost('169.254.169.254', handlers, { node: NODE_NAME });
  const fetch = (path: string, init: RequestInit = {}, caller: Caller = NODE) =>
    network.fetch(new Request(`${IMDS_ENDPOINT}${path}`, init), caller);
  async function token(ttlSeconds = 21_600, caller: Caller = NODE): Promise<string> {
    const response = await send(
      '/latest/api/token',
      { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': String(ttlSeconds) } },
      caller,
    );
    if (response.status !== 200) throw new Error(`token PUT answered ${response.status}`);
    return response.text();
  }
  return { clock, log, imds, asked, send, fetch, token };
}

/** A getRoleCredentials that fails as the IAM side would when the role cannot be assumed. */
export function failingCredentials(): never {
  throw new SimError('IMDS_UNAVAILABLE', 'EC2 cannot assume the role eks-node-role');
}
