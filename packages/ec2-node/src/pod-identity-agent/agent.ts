/**
 * The EKS Pod Identity agent of one node: a hostNetwork DaemonSet pod
 * listening on 169.254.170.23:80 and [fd00:ec2::23]:80 (its `--bind-hosts`
 * default), reached through the simulated network like IMDS (from pods in
 * their own network namespace and from hostNetwork pods; node rules apply).
 * `GET /v1/credentials` (any method) checks the Host and the token, answers
 * from its per-token cache or asks EKS Auth (signed with the node role,
 * from the node's IMDS), and answers the container-credentials JSON, or
 * the agent's plain-text error with its status (Go's `http.Error`).
 * Simplification: the agent's rate limit (1000 requests/s) and its
 * readiness probe port 2703 are not modelled; other paths get Go's
 * `404 page not found`, as the probe relies on.
 */
import { type Clock, type EventLog, isoSeconds } from '@irsa-lab/core';
import { type Caller, callerOf, http, type SimNetwork } from '@irsa-lab/net';
import type { RequestHandler } from 'msw';
import { CredentialCache, IRRECOVERABLE_CODES, MIN_CREDENTIAL_TTL_MS } from './credential-cache.js';
import { callEksAuth, type EksAuthAnswer, type PodCredentials } from './eks-auth-client.js';
import { NodeCredentialsSource } from './node-credentials.js';
import { type AgentRefusal, validateAgentRequest } from './validate-request.js';

/** Where the agent listens. */
export const POD_IDENTITY_AGENT_IP = '169.254.170.23';
export const POD_IDENTITY_AGENT_IPV6 = '[fd00:ec2::23]';
/** The path the SDKs' container credentials provider is pointed at. */
export const CREDENTIALS_PATH = '/v1/credentials';

/** How one agent runs: its flags and its place on the network. */
export interface PodIdentityAgentOptions {
  /** `--cluster-name`. */
  readonly clusterName: string;
  /** `AWS_REGION` of the DaemonSet. */
  readonly region: string;
  /** `--endpoint`: EKS Auth's URL (default `https://eks-auth.<region>.api.aws`). */
  readonly endpoint?: string;
  /** The clock its signatures are dated with (serve mode: the wall-clock part); default the node's clock. */
  readonly requestClock?: Clock;
}

/** What the node hands its agent. */
export interface AgentDeps extends PodIdentityAgentOptions {
  readonly nodeName: string;
  /** The node's own clock (skew included): token times are judged by it. */
  readonly clock: Clock;
  readonly log: EventLog;
  readonly net: SimNetwork;
  /** The node as a network caller (the agent is a hostNetwork pod). */
  readonly nodeCaller: Caller;
}

/** One node's agent. */
export interface PodIdentityAgent {
  /** The msw handlers of one listen address (`http://169.254.170.23` or `http://[fd00:ec2::23]`). */
  handlers(origin: string): RequestHandler[];
  /** How many tokens the cache holds. */
  cacheSize(): number;
}

function text(status: number, body: string): Response {
  return new Response(body.endsWith('\n') ? body : `${body}\n`, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  });
}

/** `EksCredentialsResponse` (pkg/credentials/model.go): this order, Expiration in RFC 3339. */
function credentialsJson(c: PodCredentials): Response {
  const body = {
    AccessKeyId: c.accessKeyId,
    SecretAccessKey: c.secretAccessKey,
    Token: c.sessionToken,
    AccountId: c.accountId,
    Expiration: isoSeconds(c.expirationMs),
  };
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

/** Create a node's agent (createNode serves it on the node's link-local addresses). */
export function createPodIdentityAgent(deps: AgentDeps): PodIdentityAgent {
  const cache = new CredentialCache();
  const signingClock = deps.requestClock ?? deps.clock;
  const node = new NodeCredentialsSource(deps.net, deps.nodeCaller, () => deps.clock.nowMs());
  const source = `pod-identity-agent/${deps.nodeName}`;
  const target = {
    net: deps.net,
    caller: deps.nodeCaller,
    clusterName: deps.clusterName,
    region: deps.region,
    ...(deps.endpoint === undefined ? {} : { endpoint: deps.endpoint }),
    signingNowMs: () => signingClock.nowMs(),
  };

  const fetchCredentials = async (token: string): Promise<EksAuthAnswer> => {
    const creds = await node.get();
    if (!creds.ok) {
      return { ok: false, status: 500, body: `operation error EKS Auth: AssumeRoleForPodIdentity, ${creds.message}\n` };
    }
    return callEksAuth(target, creds.credentials, token);
  };

  const credentialsFor = async (
    token: string,
  ): Promise<{ credentials: PodCredentials; how: string } | AgentRefusal> => {
    const nowMs = deps.clock.nowMs();
    const cached = cache.lookup(token, nowMs);
    if (cached.state === 'fresh') return { credentials: cached.credentials, how: 'from the cache' };
    const answer = await fetchCredentials(token);
    if (answer.ok) {
      if (answer.credentials.expirationMs - nowMs <= MIN_CREDENTIAL_TTL_MS) {
        return {
          status: 500,
          message: `fetched credentials are expired or will expire within the next ${MIN_CREDENTIAL_TTL_MS / 1000} seconds`,
        };
      }
      cache.store(token, answer.credentials, nowMs);
      return { credentials: answer.credentials, how: 'from EKS Auth' };
    }
    const irrecoverable = answer.code !== undefined && IRRECOVERABLE_CODES.includes(answer.code);
    if (irrecoverable) cache.forget(token);
    else if (cached.state === 'renew' && cached.stale)
      return { credentials: cached.stale, how: 'kept after a failed renewal' };
    return { status: answer.status, message: answer.body };
  };

  const answer = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (path !== CREDENTIALS_PATH) return text(404, '404 page not found');
    const valid = validateAgentRequest(request, deps.clock.nowMs());
    const result = 'token' in valid ? await credentialsFor(valid.token) : valid;
    const who = callerOf(request).id;
    if ('credentials' in result) {
      deps.log.append(
        'pod-identity-agent.answered',
        source,
        `${who}: 200, ${result.credentials.accessKeyId} ${result.how}`,
        {
          node: deps.nodeName,
          caller: who,
          status: 200,
          accessKeyId: result.credentials.accessKeyId,
          how: result.how,
        },
      );
      return credentialsJson(result.credentials);
    }
    deps.log.append('pod-identity-agent.answered', source, `${who}: ${result.status} ${result.message.trim()}`, {
      node: deps.nodeName,
      caller: who,
      status: result.status,
      message: result.message.trim(),
    });
    return text(result.status, result.message);
  };

  return {
    // a RegExp, not a path pattern: `[fd00:ec2::23]` would read as path parameters
    handlers: (origin) => [
      http.all(new RegExp(`^${origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`), ({ request }) => answer(request)),
    ],
    cacheSize: () => cache.size,
  };
}
