/**
 * Shared test world for the node: a real SimClock, Rng, EventLog,
 * SimNetwork and IMDS, a node on them, and a fake TokenRequest that mints
 * JWT-shaped tokens (iat/exp/jti from the simulated clock) and can be told
 * to fail. `advance` steps the clock timer by timer, letting the kubelet's
 * token requests settle in between, as the assembly must.
 */

import type { Pod, ServiceAccountTokenProjection, Volume } from '@irsa-lab/apiserver';
import { DEFAULT_START_MS, EventLog, HOUR_MS, IdMaker, isoSeconds, Rng, SimClock, SimError } from '@irsa-lab/core';
import { createNode, type SimNode, type TokenFilePermissions } from '@irsa-lab/ec2-node';
import { type CreateImdsOptions, createImds, type Imds } from '@irsa-lab/imds';
import { SimNetwork } from '@irsa-lab/net';

export const NODE_NAME = 'ip-10-0-1-23.us-west-2.compute.internal';
export const NODE_IP = '10.0.1.23';
export const POD_CIDR = '10.0.1.0/24';
export const IRSA_MOUNT = '/var/run/secrets/eks.amazonaws.com/serviceaccount';
export const ROLE_NAME = 'eks-node-role';

/** One call the kubelet made to the fake TokenRequest. */
export interface TokenCall {
  readonly pod: string;
  readonly atMs: number;
  readonly audience: string | undefined;
}

export interface TestWorld {
  readonly seed: number;
  readonly clock: SimClock;
  readonly log: EventLog;
  readonly net: SimNetwork;
  readonly imds: Imds;
  readonly node: SimNode;
  readonly ids: IdMaker;
  readonly calls: TokenCall[];
  /** While set, the fake TokenRequest rejects with this code. */
  failWith: 'K8S_NOT_FOUND' | 'K8S_FORBIDDEN' | undefined;
  /** Hold every TokenRequest answer until the returned function is called. */
  hold(): () => void;
  /** Move the clock forward `ms`, firing timers one instant at a time and awaiting the kubelet in between. */
  advance(ms: number): Promise<void>;
}

/** base64url of a JSON value. */
function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Decode the payload of a JWT-shaped token. */
export function claimsOf(token: string): { iat: number; exp: number; jti: string; sub: string } {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as never;
}

/** A fresh world; `imdsOptions` override createImds options (metadataOptions...); `skewMs` skews the node's clock. */
export function makeWorld(
  seed = 7,
  imdsOptions: Partial<CreateImdsOptions> = {},
  skewMs?: number,
  tokenFilePermissions?: TokenFilePermissions,
): TestWorld {
  const clock = new SimClock({ startMs: DEFAULT_START_MS });
  const rng = new Rng(seed);
  const ids = new IdMaker(new Rng(seed + 1000));
  const log = new EventLog(clock);
  const net = new SimNetwork({ log });
  const imds = createImds({
    clock,
    ids,
    log,
    instanceId: 'i-0abc123def4567890',
    nodeName: NODE_NAME,
    region: 'us-west-2',
    accountId: '111122223333',
    instanceProfile: {
      name: 'eks-node-profile',
      arn: 'arn:aws:iam::111122223333:instance-profile/eks-node-profile',
      id: 'AIPAQX5EXAMPLEPROFILE',
      roleName: ROLE_NAME,
    },
    getRoleCredentials: () => ({
      AccessKeyId: 'ASIAQX5EXAMPLE7NODE1',
      SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      Token: 'IQoJb3JpZ2luX2VjEXAMPLE',
      ExpirationMs: clock.nowMs() + 6 * HOUR_MS,
      LastUpdatedMs: clock.nowMs(),
    }),
    ...imdsOptions,
  });
  const calls: TokenCall[] = [];
  let gate: Promise<void> = Promise.resolve();
  const world: TestWorld = {
    seed,
    clock,
    log,
    net,
    imds,
    ids,
    calls,
    failWith: undefined,
    hold() {
      let release = () => {};
      gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        gate = Promise.resolve();
        release();
      };
    },
    node: undefined as unknown as SimNode,
    async advance(ms) {
      const targetMs = clock.nowMs() + ms;
      for (let next = clock.nextDue(); next && next.dueMs <= targetMs; next = clock.nextDue()) {
        clock.jumpTo(next.dueMs);
        await world.node.whenIdle();
      }
      clock.jumpTo(targetMs);
    },
  };
  // the apiserver reads the clock before it signs (asynchronously): so does this fake
  async function requestToken(pod: Pod, projection: ServiceAccountTokenProjection) {
    const nowMs = clock.nowMs();
    calls.push({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, atMs: nowMs, audience: projection.audience });
    await gate;
    if (world.failWith)
      throw new SimError(world.failWith, `serviceaccounts "${pod.spec.serviceAccountName}" not found`);
    const iat = Math.floor(nowMs / 1000);
    const exp = iat + (projection.expirationSeconds ?? 3600);
    const payload = {
      aud: [projection.audience ?? 'https://kubernetes.default.svc'],
      exp,
      iat,
      iss: 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE',
      jti: ids.uuid(),
      nbf: iat,
      sub: `system:serviceaccount:${pod.metadata.namespace}:${pod.spec.serviceAccountName}`,
    };
    const token = `${b64({ alg: 'RS256', kid: 'k1' })}.${b64(payload)}.c2lnbmF0dXJl`;
    return { token, issuedAtMs: iat * 1000, expiresAtMs: exp * 1000 };
  }
  (world as { node: SimNode }).node = createNode({
    name: NODE_NAME,
    clock,
    rng,
    ids,
    log,
    net,
    imds,
    nodeIp: NODE_IP,
    podCidr: POD_CIDR,
    requestToken,
    skewMs,
    ...(tokenFilePermissions === undefined ? {} : { tokenFilePermissions }),
  });
  return world;
}

export interface PodOptions {
  readonly namespace?: string;
  readonly hostNetwork?: boolean;
  /** Lifetime of the IRSA token; `false` for a pod without the IRSA volume. */
  readonly expirationSeconds?: number | false;
  readonly defaultMode?: number;
  readonly extraVolumes?: Volume[];
  readonly extraMounts?: { name: string; mountPath: string; subPath?: string }[];
  readonly runAsUser?: number;
  readonly fsGroup?: number;
}

/** A stored pod as the apiserver (after the webhook) would hand it to the kubelet. */
export function makePod(world: TestWorld, name: string, options: PodOptions = {}): Pod {
  const irsa = options.expirationSeconds !== false;
  const volumes: Volume[] = irsa
    ? [
        {
          name: 'aws-iam-token',
          projected: {
            sources: [
              {
                serviceAccountToken: {
                  audience: 'sts.amazonaws.com',
                  expirationSeconds: options.expirationSeconds || 86_400,
                  path: 'token',
                },
              },
            ],
            ...(options.defaultMode !== undefined ? { defaultMode: options.defaultMode } : {}),
          },
        },
      ]
    : [];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      uid: world.ids.uuid(),
      resourceVersion: '1',
      creationTimestamp: isoSeconds(world.clock.nowMs()),
    },
    spec: {
      serviceAccountName: 'app',
      nodeName: NODE_NAME,
      hostNetwork: options.hostNetwork,
      ...(options.fsGroup !== undefined ? { securityContext: { fsGroup: options.fsGroup } } : {}),
      containers: [
        {
          name: 'app',
          env: [
            { name: 'AWS_ROLE_ARN', value: 'arn:aws:iam::111122223333:role/app' },
            { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: `${IRSA_MOUNT}/token` },
          ],
          volumeMounts: [
            ...(irsa ? [{ name: 'aws-iam-token', mountPath: IRSA_MOUNT, readOnly: true }] : []),
            ...(options.extraMounts ?? []),
          ],
          ...(options.runAsUser !== undefined ? { securityContext: { runAsUser: options.runAsUser } } : {}),
        },
      ],
      volumes: [...volumes, ...(options.extraVolumes ?? [])],
    },
  };
}

/** The SimError code a promise rejects with ('resolved' if it does not). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return (err as { code?: string }).code ?? `other: ${String(err)}`;
  }
}

/** The error a call throws (fails the test if it returns). */
export function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to throw');
}

/** The SimError code a call throws ('returned' if it does not). */
export function thrownCode(f: () => unknown): string {
  try {
    f();
    return 'returned';
  } catch (err) {
    return (err as { code?: string }).code ?? `other: ${String(err)}`;
  }
}
