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
  /** The authorization the IAM view gives every signed request. */
  authorization: Authorization;
  /** Which kids the issuer publishes (indexes of the generated keys). */
  published: number[];
  token(claims?: Record<string, unknown>, keyIndex?: number): Promise<string>;
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

/** A fresh harness; `propagationDelayMs` delays associations reaching EKS Auth and the webhook. */
export function createHarness(options: { propagationDelayMs?: number } = {}): Harness {
  const clock = new SimClock({ startMs: START_MS });
  const log = new EventLog(clock);
  const net = new SimNetwork({ log, logRequests: false });
  const stsCalls: StsCall[] = [];
  const issuerFetches: string[] = [];
  const roles = new Map([[ROLE_ARN, { exists: true, trustsPodIdentity: true }]]);
  const h = {
    stsError: undefined as string | undefined,
    authorization: { ok: true, session: NODE_SESSION, reason: 'allowed by the node policy' } as Authorization,
    published: [0],
  };
  net.addHost('oidc.eks.us-west-2.amazonaws.com', [
    http.get(`${ISSUER}/.well-known/openid-configuration`, () => {
      issuerFetches.push('discovery');
      return HttpResponse.json({ issuer: ISSUER, jwks_uri: `${ISSUER}/keys` });
    }),
    http.get(`${ISSUER}/keys`, () => {
      issuerFetches.push('keys');
      return HttpResponse.json(
        { keys: h.published.map((i) => key(i).jwk) },
        { headers: { 'cache-control': 'max-age=3600' } },
      );
    }),
  ]);
  net.addHost(`sts.${REGION}.amazonaws.com`, [
    http.post(`https://sts.${REGION}.amazonaws.com/`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      stsCalls.push({ form, signed: request.headers.has('authorization'), callerKind: callerOf(request).kind });
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
    cluster: { name: CLUSTER, issuerUrl: ISSUER },
    iam: {
      role: (arn) => roles.get(arn) ?? { exists: false, trustsPodIdentity: false },
      authorize: async () => h.authorization,
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
    token: (claims: Record<string, unknown> = {}, keyIndex = 0) => podToken(clock.nowMs(), claims, keyIndex),
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

async function podToken(nowMs: number, overrides: Record<string, unknown>, keyIndex: number): Promise<string> {
  const k = key(keyIndex);
  return new SignJWT(podClaims(nowMs, overrides)).setProtectedHeader({ alg: 'RS256', kid: k.kid }).sign(k.privateKey);
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
