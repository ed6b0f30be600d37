/**
 * A small world for the EKS tests: a SimNetwork with the cluster's issuer
 * (keys from jose, discovery and /keys as EKS serves them), a fake STS that
 * records what EKS Auth asked and answers in the real Query/XML format, a
 * fake IAM view (which roles exist and trust Pod Identity; who may call),
 * and helpers to mint Pod Identity tokens.
 */
import { EventLog, Rng, SimClock } from '@irsa-lab/core';
import type { Authorization, CallerSession, Eks } from '@irsa-lab/eks';
import { createEks } from '@irsa-lab/eks';
import { type Caller, callerOf, SimNetwork } from '@irsa-lab/net';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import { HttpResponse, http } from 'msw';

export const START_MS = Date.UTC(2026, 0, 5, 9, 0, 0);
export const ACCOUNT = '111122223333';
export const REGION = 'us-west-2';
export const CLUSTER = 'demo';
export const ISSUER = 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/pod-role`;
export const TARGET_ARN = 'arn:aws:iam::444455556666:role/target';
export const EKS_AUTH_CALLER: Caller = {
  kind: 'aws-service',
  id: 'pods.eks.amazonaws.com',
  hops: 8,
  vantage: 'internet',
  sourceIp: '52.94.0.20',
};

interface Key {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

let keys: Key[] | undefined;

/** Two RS256 keys (call in beforeAll). */
export async function generateKeys(): Promise<void> {
  if (keys) return;
  keys = [];
  for (const kid of ['kid-one', 'kid-two']) {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    keys.push({ kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } });
  }
}

function key(i: number): Key {
  const k = keys?.[i];
  if (!k) throw new TypeError('call generateKeys() in beforeAll');
  return k;
}

/** One AssumeRole the fake STS received. */
export interface StsCall {
  readonly form: URLSearchParams;
  readonly signed: boolean;
  readonly callerKind: string;
}

export interface Harness {
  readonly clock: SimClock;
  readonly log: EventLog;
  readonly net: SimNetwork;
  readonly eks: Eks;
  readonly stsCalls: StsCall[];
  readonly issuerFetches: string[];
  /** Which roles exist and trust Pod Identity (default: ROLE_ARN, trusting). */
  readonly roles: Map<string, { exists: boolean; trustsPodIdentity: boolean }>;
  /** What STS answers: an error code makes it refuse (AccessDenied → 403). */
  stsError: string | undefined;
  /** An answer of STS's to an AssumeRole that replaces the usual one (undefined: the usual one). */
  stsReply: ((form: URLSearchParams) => Response | undefined) | undefined;
  /** The checks EKS Auth asked the IAM view to authorize. */
  readonly authorizeCalls: { service: string; action: string; resource: string }[];
  /** The Cache-Control of the issuer's /keys (undefined: none). */
  keysCacheControl: string | undefined;
  /** Answers of the issuer that replace the usual discovery document or JWKS. */
  readonly issuerReplies: { discovery?: () => Response; keys?: () => Response };
  /** The authorization the IAM view gives every signed request. */
  authorization: Authorization;
  /** Which kids the issuer publishes (indexes of the generated keys). */
  published: number[];
  /** A Pod Identity token signed with key `keyIndex`, its header naming the key's kid unless `kid` is false. */
  token(claims?: Record<string, unknown>, keyIndex?: number, kid?: boolean): Promise<string>;
}

export const NODE_SESSION: CallerSession = {
  accessKeyId: 'ASIANODEROLE00000001',
  assumedRoleArn: `arn:aws:sts::${ACCOUNT}:assumed-role/demo-node-role/i-0abc123def4567890`,
  assumedRoleId: 'AROANODEROLE00000001:i-0abc123def4567890',
  accountId: ACCOUNT,
  roleArn: `arn:aws:iam::${ACCOUNT}:role/demo-node-role`,
  roleId: 'AROANODEROLE00000001',
  roleName: 'demo-node-role',
  issuedAtMs: START_MS,
  kind: 'instance-profile',
};

function stsXml(form: URLSearchParams, n: number, nowMs: number, durationSeconds: number): string {
  const role = (form.get('RoleArn') ?? '').split('/').pop();
  const account = (form.get('RoleArn') ?? '').split(':')[4];
  const session = form.get('RoleSessionName');
  const expiration = new Date(Math.floor(nowMs / 1000) * 1000 + durationSeconds * 1000)
    .toISOString()
    .replace('.000', '');
  return `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/${role}/${session}</Arn><AssumedRoleId>AROAFAKE${n}:${session}</AssumedRoleId></AssumedRoleUser><Credentials><AccessKeyId>ASIAFAKE0000000000${n}</AccessKeyId><SecretAccessKey>secret${n}</SecretAccessKey><SessionToken>token${n}</SessionToken><Expiration>${expiration}</Expiration></Credentials></AssumeRoleResult><ResponseMetadata><RequestId>r-${n}</RequestId></ResponseMetadata></AssumeRoleResponse>`;
}

/**
 * A fresh harness; `propagationDelayMs` delays associations reaching EKS Auth and the webhook;
 * `issuerUrl` is the cluster's issuer as EKS knows it (ISSUER, which the issuer's host serves).
 */
export function createHarness(options: { propagationDelayMs?: number; issuerUrl?: string } = {}): Harness {
  const clock = new SimClock({ startMs: START_MS });
  const log = new EventLog(clock);
  const net = new SimNetwork({ log, logRequests: false });
  const stsCalls: StsCall[] = [];
  const issuerFetches: string[] = [];
  const roles = new Map([[ROLE_ARN, { exists: true, trustsPodIdentity: true }]]);
  const authorizeCalls: Harness['authorizeCalls'] = [];
  const h = {
    stsError: undefined as string | undefined,
    stsReply: undefined as Harness['stsReply'],
    keysCacheControl: 'max-age=3600' as string | undefined,
    issuerReplies: {} as Harness['issuerReplies'],
    authorization: { ok: true, session: NODE_SESSION, reason: 'allowed by the node policy' } as Authorization,
    published: [0],
  };
  net.addHost('oidc.eks.us-west-2.amazonaws.com', [
    http.get(`${ISSUER}/.well-known/openid-configuration`, () => {
      issuerFetches.push('discovery');
      if (h.issuerReplies.discovery) return h.issuerReplies.discovery();
      return HttpResponse.json({ issuer: ISSUER, jwks_uri: `${ISSUER}/keys` });
    }),
    http.get(`${ISSUER}/keys`, () => {
      issuerFetches.push('keys');
      if (h.issuerReplies.keys) return h.issuerReplies.keys();
      const headers: Record<string, string> =
        h.keysCacheControl === undefined ? {} : { 'cache-control': h.keysCacheControl };
      return HttpResponse.json({ keys: h.published.map((i) => key(i).jwk) }, { headers });
    }),
  ]);
  net.addHost(`sts.${REGION}.amazonaws.com`, [
    http.post(`https://sts.${REGION}.amazonaws.com/`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      stsCalls.push({ form, signed: request.headers.has('authorization'), callerKind: callerOf(request).kind });
      const reply = h.stsReply?.(form);
      if (reply) return reply;
      if (h.stsError) {
        const status = h.stsError === 'AccessDenied' ? 403 : 400;
        const body = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${h.stsError}</Code><Message>refused</Message></Error><RequestId>r-e</RequestId></ErrorResponse>`;
        return new HttpResponse(body, { status, headers: { 'content-type': 'text/xml' } });
      }
      const xml = stsXml(form, stsCalls.length, clock.nowMs(), Number(form.get('DurationSeconds') ?? 3600));
      return new HttpResponse(xml, { headers: { 'content-type': 'text/xml' } });
    }),
  ]);
  const eks = createEks({
    clock,
    rng: new Rng(11),
    log,
    region: REGION,
    accountId: ACCOUNT,
    cluster: { name: CLUSTER, issuerUrl: options.issuerUrl ?? ISSUER },
    iam: {
      role: (arn) => roles.get(arn) ?? { exists: false, trustsPodIdentity: false },
      authorize: async (_request, _body, check) => {
        authorizeCalls.push({ ...check });
        return h.authorization;
      },
    },
    fetch: (request) => net.fetch(request, EKS_AUTH_CALLER),
    ...(options.propagationDelayMs === undefined ? {} : { propagationDelayMs: options.propagationDelayMs }),
  });
  return Object.assign(h, {
    clock,
    log,
    net,
    eks,
    stsCalls,
    issuerFetches,
    roles,
    authorizeCalls,
    token: (claims: Record<string, unknown> = {}, keyIndex = 0, kid = true) =>
      podToken(clock.nowMs(), claims, keyIndex, kid),
  });
}

/** The claims of a Pod Identity token of payments/billing's pod billing-api, valid a day. */
export function podClaims(nowMs: number, overrides: Record<string, unknown> = {}): JWTPayload {
  const now = Math.floor(nowMs / 1000);
  return {
    aud: ['pods.eks.amazonaws.com'],
    exp: now + 86400,
    iat: now,
    nbf: now,
    iss: ISSUER,
    sub: 'system:serviceaccount:payments:billing',
    'kubernetes.io': {
      namespace: 'payments',
      pod: { name: 'billing-api', uid: '91eee131-74f3-49d4-8f7c-bcde305c120b' },
      serviceaccount: { name: 'billing', uid: 'f0e1d2c3-0000-4000-8000-000000000001' },
    },
    ...overrides,
  };
}

async function podToken(
  nowMs: number,
  overrides: Record<string, unknown>,
  keyIndex: number,
  withKid: boolean,
): Promise<string> {
  const k = key(keyIndex);
  const header = withKid ? { alg: 'RS256', kid: k.kid } : { alg: 'RS256' };
  return new SignJWT(podClaims(nowMs, overrides)).setProtectedHeader(header).sign(k.privateKey);
}

/** POST the agent's request to EKS Auth (signature is the IAM view's business here). */
export function eksAuthRequest(token: unknown, cluster = CLUSTER): Request {
  return new Request(`https://eks-auth.${REGION}.api.aws/clusters/${cluster}/assume-role-for-pod-identity`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: 'AWS4-HMAC-SHA256 Credential=ASIANODEROLE00000001/...',
    },
    body: JSON.stringify({ token }),
  });
}

/** Associate payments/billing with ROLE_ARN in the demo cluster (plus `extra` fields); the association. */
export function associate(h: Harness, extra: Record<string, unknown> = {}) {
  const out = h.eks.createPodIdentityAssociation({
    clusterName: CLUSTER,
    namespace: 'payments',
    serviceAccount: 'billing',
    roleArn: ROLE_ARN,
    ...extra,
  });
  if (!out.ok) throw new Error(out.error.message);
  return out.value;
}
