/**
 * Test fixtures: a small world (clock, ids, event log) at a fixed epoch and
 * a jose RS256 signer standing in for the OIDC issuer's key ring.
 */

import { type ApiServer, type ApiServerOptions, createApiServer, type Signer } from '@irsa-lab/apiserver';
import { DEFAULT_START_MS, EventLog, IdMaker, Rng, SimClock } from '@irsa-lab/core';
import { generateKeyPair, type JWTPayload, SignJWT } from 'jose';

export const ISSUER = 'https://oidc.eks.us-west-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF';
export const ROLE_ARN = 'arn:aws:iam::111122223333:role/s3-reader';

export interface Keys {
  readonly signer: Signer;
  readonly publicKey: CryptoKey;
}

/** One RSA key pair and a signer over it (call once per file, in beforeAll). */
export async function makeKeys(): Promise<Keys> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const signer: Signer = (payload) =>
    new SignJWT(payload as JWTPayload).setProtectedHeader({ alg: 'RS256', kid: 'test-key-1' }).sign(privateKey);
  return { signer, publicKey };
}

export interface TestWorld {
  readonly clock: SimClock;
  readonly log: EventLog;
  readonly api: ApiServer;
}

/** A fresh apiserver at DEFAULT_START_MS with seed 7. */
export function makeWorld(keys: Keys, options: Partial<ApiServerOptions> = {}): TestWorld {
  const clock = new SimClock({ startMs: DEFAULT_START_MS });
  const log = new EventLog(clock);
  const ids = new IdMaker(new Rng(7));
  const api = createApiServer({
    clock,
    ids,
    log,
    issuerUrl: ISSUER,
    signer: keys.signer,
    webhook: { region: 'us-west-2' },
    ...options,
  });
  return { clock, log, api };
}

/** A ServiceAccount manifest with the given annotations. */
export function saYaml(name: string, annotations: Record<string, string> = {}, namespace = 'default'): string {
  const lines = Object.entries(annotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`);
  return [
    'apiVersion: v1',
    'kind: ServiceAccount',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    ...(lines.length ? ['  annotations:', ...lines] : []),
    '',
  ].join('\n');
}

/** A one-container pod manifest; `extra` is appended under spec. */
export function podYaml(name: string, serviceAccountName: string, extra = '', namespace = 'default'): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  serviceAccountName: ${serviceAccountName}
  containers:
  - name: app
    image: public.ecr.aws/aws-cli/aws-cli:2.15.0
${extra}`;
}
