/**
 * Test world for the small S3: a seeded clock, id maker and event log, an
 * IAM with two accounts and a role whose session credentials are issued
 * straight from the credential store (STS is not needed to test S3), the S3
 * and its msw handlers. Requests are signed here with @smithy/signature-v4
 * (the AWS SDK's signer, with S3's rules: path not double-encoded,
 * x-amz-content-sha256 sent) and dispatched with msw's getResponse, so no
 * global is patched.
 */
import { createHash } from 'node:crypto';
import { type Clock, EventLog, IdMaker, Rng, Sha256, SimClock, type SimEvent } from '@irsa-lab/core';
import type { Iam, SessionCredentials } from '@irsa-lab/iam';
import { createIam, createS3, parsePolicy, type S3, s3Handlers } from '@irsa-lab/iam';
import { SignatureV4 } from '@smithy/signature-v4';
import { XMLParser } from 'fast-xml-parser';
import { getResponse } from 'msw';

/** Monday 2026-01-05 09:00:00Z. */
export const START_MS = Date.UTC(2026, 0, 5, 9, 0, 0);
export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const REGION = 'us-west-2';
export const BUCKET = 'billing-reports';
export const ROLE_NAME = 'billing-reader';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE_NAME}`;
export const HOST_PATH = 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
export const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${HOST_PATH}`;
export const SUB = 'system:serviceaccount:payments:billing';
export const S3_HOST = `s3.${REGION}.amazonaws.com`;

/** The typical IRSA trust policy, for roles the tests create. */
export function trustPolicy(accountId = ACCOUNT): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${accountId}:oidc-provider/${HOST_PATH}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${HOST_PATH}:sub`]: SUB } },
      },
    ],
  });
}

/** A policy document from statements. */
export function policy(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

export interface S3World {
  readonly clock: SimClock;
  readonly log: EventLog;
  readonly iam: Iam;
  readonly s3: S3;
  /** Web-identity session credentials for `roleArn` (as STS would issue them), with a session policy (JSON) if given. */
  session(roleArn?: string, name?: string, sessionPolicy?: string): SessionCredentials;
  /** The 'cloudtrail' events S3 recorded. */
  trail(): readonly SimEvent<'cloudtrail'>[];
}

/** A world with accounts ACCOUNT and OTHER_ACCOUNT, role ROLE_NAME in ACCOUNT (no permissions yet) and bucket BUCKET. */
export function s3World(options: { seed?: number; requestClock?: Clock; bucketPolicy?: string } = {}): S3World {
  const clock = new SimClock({ startMs: START_MS });
  const log = new EventLog(clock);
  const ids = new IdMaker(new Rng(options.seed ?? 7));
  const iam = createIam({ clock, ids, log });
  iam.createAccount(ACCOUNT);
  iam.createAccount(OTHER_ACCOUNT);
  // both accounts register the cluster's provider: a trust policy may only name one that exists
  for (const account of [ACCOUNT, OTHER_ACCOUNT]) {
    iam.createOpenIdConnectProvider(account, { Url: `https://${HOST_PATH}`, ClientIDList: ['sts.amazonaws.com'] });
  }
  iam.createRole(ACCOUNT, { RoleName: ROLE_NAME, AssumeRolePolicyDocument: trustPolicy() });
  const s3 = createS3({
    iam,
    clock,
    ids,
    log,
    region: REGION,
    ...(options.requestClock ? { requestClock: options.requestClock } : {}),
  });
  s3.createBucket(ACCOUNT, BUCKET, options.bucketPolicy === undefined ? {} : { policy: options.bucketPolicy });
  return {
    clock,
    log,
    iam,
    s3,
    session: (roleArn = ROLE_ARN, name = 'app', sessionPolicy?: string) =>
      iam.issueSessionCredentials({
        roleArn,
        roleSessionName: name,
        durationSeconds: 3600,
        webIdentity: { sub: SUB, aud: 'sts.amazonaws.com', providerArn: PROVIDER_ARN, jti: 'jti-0001' },
        // named as STS names the AssumeRole* `Policy` parameter it parses
        ...(sessionPolicy === undefined
          ? {}
          : { sessionPolicy: parsePolicy(sessionPolicy, { name: 'session policy', kind: 'identity' }) }),
      }),
    trail: () => log.all('cloudtrail').filter((e) => e.source === 's3'),
  };
}

/** How to sign a test request. */
export interface SignOptions {
  readonly method?: string;
  readonly body?: string | Uint8Array;
  readonly headers?: Record<string, string>;
  readonly dateMs?: number;
  readonly region?: string;
  /** Sign with `UNSIGNED-PAYLOAD` instead of the body's hash. */
  readonly unsignedPayload?: boolean;
}

/** `url` signed with `creds` as the AWS SDK signs S3 requests. */
export async function signedRequest(
  creds: Pick<SessionCredentials, 'AccessKeyId' | 'SecretAccessKey' | 'SessionToken'>,
  url: string,
  opts: SignOptions = {},
): Promise<Request> {
  const u = new URL(url);
  const body =
    opts.body === undefined
      ? undefined
      : new Uint8Array(typeof opts.body === 'string' ? Buffer.from(opts.body) : opts.body);
  const hash = opts.unsignedPayload
    ? 'UNSIGNED-PAYLOAD'
    : createHash('sha256')
        .update(body ?? new Uint8Array(0))
        .digest('hex');
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: creds.AccessKeyId,
      secretAccessKey: creds.SecretAccessKey,
      sessionToken: creds.SessionToken,
    },
    region: opts.region ?? REGION,
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
  const signed = await signer.sign(
    {
      method: opts.method ?? 'GET',
      protocol: u.protocol,
      hostname: u.hostname,
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      headers: {
        host: u.host,
        'x-amz-content-sha256': hash,
        ...(body === undefined ? {} : { 'content-length': String(body.byteLength) }),
        ...opts.headers,
      },
      ...(body === undefined ? {} : { body }),
    },
    { signingDate: new Date(opts.dateMs ?? START_MS) },
  );
  return new Request(url, { method: opts.method ?? 'GET', headers: signed.headers, ...(body ? { body } : {}) });
}

/** An answer, with the body read as text and as parsed XML. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: parsed XML is untyped; tests read known paths
  readonly xml: any;
}

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false });

/** Dispatch `request` through the S3's msw handlers (no global patching). */
export async function dispatch(s3: S3, request: Request): Promise<Answer> {
  const response = await getResponse(s3Handlers(s3), request);
  if (!response) throw new Error(`no handler answered ${request.method} ${request.url}`);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, xml: text ? parser.parse(text) : undefined };
}

/** Sign `url` with `creds` and dispatch it. */
export async function send(
  w: S3World,
  creds: Pick<SessionCredentials, 'AccessKeyId' | 'SecretAccessKey' | 'SessionToken'>,
  url: string,
  opts: SignOptions = {},
): Promise<Answer> {
  return dispatch(w.s3, await signedRequest(creds, url, { dateMs: w.clock.nowMs(), ...opts }));
}

/** A path-style URL on the regional endpoint. */
export function pathUrl(bucket: string, key?: string, query = ''): string {
  return `https://${S3_HOST}/${bucket}${key === undefined ? '' : `/${encodeKey(key)}`}${query}`;
}

/** Percent-encode a key as the SDK does (once; `/` kept). */
export function encodeKey(key: string): string {
  return key
    .split('/')
    .map((part) =>
      encodeURIComponent(part).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}
