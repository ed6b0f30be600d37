/**
 * Panel builders: what a learner should look at after a step, read from the
 * live world (never canned): the decoded token, the issuer's keys, the
 * credentials (masked), CloudTrail records, and lifetimes on a timeline.
 */

import { IRSA_VOLUME_NAME, maskSecret } from '@irsa-lab/core';
import type { World } from '@irsa-lab/world';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { Check, Panel, TimelineLane } from '../engine/types.js';

/** A JWT decoded for display (header and claims); never verified here. */
export function tokenPanel(title: string, token: string): Panel {
  return { kind: 'token', title, header: decodeProtectedHeader(token), claims: decodeJwt(token) };
}

/** The issuer's published keys, the signing one and `markedKid` marked. */
export function jwksPanel(world: World, markedKid?: string): Panel {
  const keys = world.issuer.keys().filter((k) => k.published);
  return {
    kind: 'jwks',
    title: `${world.issuer.issuerUrl}/keys`,
    keys: keys.map((k) => ({
      kid: k.kid,
      signing: k.signing,
      note: k.signing
        ? 'signs new tokens'
        : k.removeAfterMs !== undefined
          ? `retired; published until ${new Date(k.removeAfterMs).toISOString()}`
          : 'retired',
    })),
    ...(markedKid ? { markedKid } : {}),
  };
}

/** Never show a secret: core's one masking rule (the last four characters, and only of a long secret). */
export const mask: (secret: string) => string = maskSecret;

export interface CredentialLike {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly expirationMs?: number;
}

/** Credentials as the workload got them, the secret masked, the identity IAM knows them by. */
export function credentialsPanel(world: World, title: string, source: string, creds: CredentialLike): Panel {
  const session = world.iam.lookupAccessKey(creds.accessKeyId);
  return {
    kind: 'credentials',
    title,
    source,
    accessKeyId: creds.accessKeyId,
    secretAccessKey: mask(creds.secretAccessKey),
    ...(creds.expirationMs !== undefined ? { expiration: new Date(creds.expirationMs).toISOString() } : {}),
    ...(session ? { identity: session.assumedRoleArn ?? session.roleArn } : {}),
  };
}

/** The last `count` CloudTrail records (STS and S3), as logged. */
export function cloudtrailPanel(world: World, count = 2): Panel {
  const records = world.log
    .all('cloudtrail')
    .slice(-count)
    .map((e) => e.data);
  return { kind: 'cloudtrail', title: 'CloudTrail', records };
}

/**
 * Which token a projected volume holds, for a lane's label: a pod with IRSA has two, the webhook's
 * aws-iam-token and the kube-api-access-* one for the API server.
 */
export function tokenKind(volume: string): string {
  if (volume === IRSA_VOLUME_NAME) return 'IRSA token';
  if (volume.startsWith('kube-api-access-')) return 'API token';
  return `token (${volume})`;
}

/** Token, credential and key lifetimes against the clock. */
export function timelinePanel(world: World, extra: readonly TimelineLane[] = []): Panel {
  const lanes: TimelineLane[] = [];
  for (const { node } of world.nodes.values()) {
    for (const t of node.tokenSchedule()) {
      lanes.push({
        label: `${tokenKind(t.volume)} ${t.pod}`,
        spans: [{ fromMs: t.issuedAtMs, toMs: t.expiresAtMs, label: 'valid' }],
        marks: t.nextRefreshAtMs !== undefined ? [{ atMs: t.nextRefreshAtMs, label: 'refresh due' }] : [],
      });
    }
  }
  for (const k of world.issuer.keys().filter((k) => k.published)) {
    lanes.push({
      label: `key ${k.kid.slice(0, 8)}`,
      spans: [
        {
          fromMs: k.createdAtMs,
          toMs: k.removeAfterMs ?? world.issuer.nextRotationAtMs(),
          label: k.signing ? 'signing' : 'published',
        },
      ],
      marks: k.signing ? [{ atMs: world.issuer.nextRotationAtMs(), label: 'rotation' }] : [],
    });
  }
  return { kind: 'timeline', title: 'Lifetimes', nowMs: world.clock.nowMs(), lanes: [...lanes, ...extra] };
}

/** A check: `actual` must equal `expected`. */
export function check(name: string, expected: string, actual: string | undefined): Check {
  const got = actual ?? '(nothing)';
  return { name, expected, actual: got, pass: got === expected };
}
