/**
 * Test harness for IAM and STS: a seeded world (clock, ids, log), an IAM
 * account with the cluster's OIDC provider and a role with the typical IRSA
 * trust policy, an EKS-shaped issuer served by msw handlers dispatched with
 * getResponse (no global patching), and helpers to mint tokens with jose.
 * Keys are generated once per test file (`await generateIssuerKeys()` in beforeAll).
 */

import { createHash, createHmac } from 'node:crypto';
import { EventLog, IdMaker, Rng, SimClock, SimError } from '@irsa-lab/core';
import { createIam, createSts, type Iam, type Sts, type StsOptions } from '@irsa-lab/iam';
import type { Caller } from '@irsa-lab/net';
import { SignatureV4 } from '@smithy/signature-v4';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import { getResponse, HttpResponse, http } from 'msw';

/** Monday 2026-01-05 09:00:00Z, in whole seconds. */
export const START_MS = Date.UTC(2026, 0, 5, 9, 0, 0);
export const ACCOUNT = '111122223333';
export const HOST_PATH = 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
export const ISSUER = `https://${HOST_PATH}`;
export const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${HOST_PATH}`;
export const ROLE_NAME = 'billing-reader';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`;
export const SUB = 'system:serviceaccount:payments:billing';

/** An issuer signing key: the private half for signing, the public JWK as published. */
export interface IssuerKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

async function makeKey(kid: string): Promise<IssuerKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { kty: 'RSA', kid, use: 'sig', alg: 'RS256', ...(await exportJWK(publicKey)) } as JWK;
  return { kid, privateKey, jwk };
}

let keys: { current: IssuerKey; next: IssuerKey } | undefined;

/** Generate the two RS256 keys used by every test of a file (call in beforeAll). */
export async function generateIssuerKeys(): Promise<void> {
  keys ??= {
    current: await makeKey('9c6e1a0b5d3f4e2a8b7c6d5e4f3a2b1c0d9e8f7a'),
    next: await makeKey('1f2e3d4c5b6a79880796a5b4c3d2e1f0a9b8c7d6'),
  };
}

export function issuerKeys(): { current: IssuerKey; next: IssuerKey } {
  if (!keys) throw new TypeError('call generateIssuerKeys() in beforeAll');
  return keys;
}

/** The typical IRSA trust policy (EKS user guide). */
export function irsaTrustPolicy(sub = SUB, providerArn = PROVIDER_ARN, hostPath = HOST_PATH): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: providerArn },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${hostPath}:sub`]: sub, [`${hostPath}:aud`]: 'sts.amazonaws.com' } },
        },
      ],
    },
    null,
    2,
  );
}

/** What the fake issuer serves, changeable by a test. */
export interface IssuerState {
  published: JWK[];
  cacheControl: string | undefined;
  /** Make every request to the issuer fail like an unresolvable host. */
  unreachable: boolean;
  /** Status of the JWKS response. */
  jwksStatus: number;
}

export interface Harness {
  readonly clock: SimClock;
  readonly ids: IdMaker;
  readonly log: EventLog;
  readonly iam: Iam;
  readonly sts: Sts;
  readonly issuer: IssuerState;
  /** Every URL STS fetched, in order. */
  readonly fetched: string[];
  readonly fetch: (url: string) => Promise<Response>;
}

function issuerHandlers(state: IssuerState) {
  return [
    http.get(`${ISSUER}/.well-known/openid-configuration`, () =>
      HttpResponse.json({
        issuer: ISSUER,
        jwks_uri: `${ISSUER}/keys`,
        authorization_endpoint: 'urn:kubernetes:programmatic_authorization',
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        claims_supported: ['sub', 'iss'],
        id_token_signing_alg_values_supported: ['RS256'],
      }),
    ),
    http.get(`${ISSUER}/keys`, () =>
      HttpResponse.json(
        { keys: state.published },
        {
          status: state.jwksStatus,
          headers: state.cacheControl === undefined ? {} : { 'cache-control': state.cacheControl },
        },
      ),
    ),
  ];
}

/** A world with the account, the provider and the role; STS options may be overridden. */
export function createHarness(stsOptions: Partial<StsOptions> = {}, seed = 7): Harness {
  const clock = new SimClock({ startMs: START_MS });
  const ids = new IdMaker(new Rng(seed));
  const log = new EventLog(clock);
  const iam = createIam({ clock, ids, log });
  const issuer: IssuerState = {
    published: [issuerKeys().current.jwk],
    cacheControl: 'max-age=604800',
    unreachable: false,
    jwksStatus: 200,
  };
  const handlers = issuerHandlers(issuer);
  const fetched: string[] = [];
  const fetch = async (url: string): Promise<Response> => {
    fetched.push(url);
    if (issuer.unreachable) {
      throw new SimError('NET_NXDOMAIN', `${new URL(url).hostname}: no such host`, { host: new URL(url).hostname });
    }
    const response = await getResponse(handlers, new Request(url));
    return response ?? new Response('not found', { status: 404 });
  };
  iam.createAccount(ACCOUNT, 'lab');
  iam.createOpenIdConnectProvider(ACCOUNT, { Url: ISSUER, ClientIDList: ['sts.amazonaws.com'] });
  iam.createRole(ACCOUNT, { RoleName: ROLE_NAME, AssumeRolePolicyDocument: irsaTrustPolicy() });
  const sts = createSts({ iam, clock, ids, log, fetch, region: 'us-west-2', ...stsOptions });
  return { clock, ids, log, iam, sts, issuer, fetched, fetch };
}

/** The claims of a projected service account token, issued now for a day. */
export function claimsAt(nowMs: number, overrides: Record<string, unknown> = {}): JWTPayload {
  const now = Math.floor(nowMs / 1000);
  return {
    aud: ['sts.amazonaws.com'],
    exp: now + 86400,
    iat: now,
    iss: ISSUER,
    jti: '3f1c2a4e-5b6d-4c7e-8f90-a1b2c3d4e5f6',
    'kubernetes.io': {
      namespace: 'payments',
      serviceaccount: { name: 'billing', uid: 'f0e1d2c3-0000-4000-8000-000000000001' },
    },
    nbf: now,
    sub: SUB,
    ...overrides,
  };
}

/** Sign `claims` with an issuer key (RS256, its kid in the header unless `kid` overrides it). */
export async function signToken(
  claims: JWTPayload,
  key: IssuerKey = issuerKeys().current,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT', ...header })
    .sign(key.privateKey);
}

/** A well-formed token from the cluster, issued at the harness clock's now. */
export async function goodToken(h: Harness, overrides: Record<string, unknown> = {}): Promise<string> {
  return signToken(claimsAt(h.clock.nowMs(), overrides));
}

/** base64url of a JSON value (for hand-made tokens). */
export function b64json(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(data: SourceData): Uint8Array | string {
  if (typeof data === 'string') return data;
  return ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
}

/** The tests' own SHA-256 for the SDK signer (independent of the adapter under test). */
export class TestSha256 {
  #h: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: SourceData) {
    this.#h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.#h.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#h.digest());
  }
}

export interface TestCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export const STS_HOST = 'sts.us-west-2.amazonaws.com';
export const GET_CALLER_IDENTITY_BODY = 'Action=GetCallerIdentity&Version=2011-06-15';

/** A GetCallerIdentity POST signed by @smithy/signature-v4, as the AWS SDK signs it. */
export async function signedStsRequest(
  creds: TestCredentials,
  dateMs: number,
  opts: { region?: string; body?: string; payloadHashHeader?: boolean } = {},
): Promise<Request> {
  const body = opts.body ?? GET_CALLER_IDENTITY_BODY;
  const signer = new SignatureV4({
    credentials: creds,
    region: opts.region ?? 'us-west-2',
    service: 'sts',
    sha256: TestSha256,
    applyChecksum: opts.payloadHashHeader ?? true,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'https:',
      hostname: STS_HOST,
      path: '/',
      query: {},
      headers: { host: STS_HOST, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    },
    { signingDate: new Date(dateMs) },
  );
  return new Request(`https://${STS_HOST}/`, { method: 'POST', headers: signed.headers, body });
}

/** The role EKS Pod Identity hands a pod, in the harness's account (the AssumeRole tests). */
export const POD_ROLE = `arn:aws:iam::${ACCOUNT}:role/pod-role`;

/** EKS Auth calling STS AssumeRole for Pod Identity: an AWS service on the internet. */
export const EKS_AUTH: Caller = {
  kind: 'aws-service',
  id: 'pods.eks.amazonaws.com',
  hops: 8,
  vantage: 'internet',
  sourceIp: '52.94.0.20',
};
