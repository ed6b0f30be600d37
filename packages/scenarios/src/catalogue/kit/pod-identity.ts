/**
 * What the EKS Pod Identity scenarios share: their world (one node, the
 * agent's permission on its role when asked), a pod's SDK chain resolved
 * and explained down through the agent, EKS Auth and STS (resolveInPod
 * explains only the STS hop of IRSA), the CloudTrail records of one fetch,
 * the association as the EKS API returns it, and the node's verdict on
 * reaching the agent.
 */

import {
  type CloudTrailRecord,
  type CloudTrailRecords,
  POD_IDENTITY_TOKEN_PATH,
  STS_EVENT_SOURCE,
} from '@irsa-lab/core';
import { createCredentialChain, type SdkFlavor } from '@irsa-lab/ec2-node';
import type { MetadataOptions } from '@irsa-lab/imds';
import { allowPodIdentityAgent, type World } from '@irsa-lab/world';
import type { Check, DecisionTrace, Panel, StepResult, TraceLine } from '../../engine/types.js';
import { lastStsDecision, type PodCredentials } from '../../panels/actions.js';
import { check, credentialsPanel, tokenPanel } from '../../panels/panels.js';
import { chainDecision, stsDecision } from '../../panels/traces.js';
import { textPanel } from './text-panels.js';
import { podView, roleOf, worldWithNode } from './worlds.js';

export type EksAuthRecord = CloudTrailRecords['AssumeRoleForPodIdentity'];
export type AssumeRoleRecord = CloudTrailRecords['AssumeRole'];

const EKS_AUTH_SOURCE = 'eks-auth.amazonaws.com';

/**
 * ABAC with Pod Identity's session tags: one role for every team, each
 * namespace reading only `<bucket>/<its namespace>/*`, by the
 * `kubernetes-namespace` tag EKS Auth sets on the session.
 */
export function readOwnPrefixPolicy(bucket: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${bucket}/\${aws:PrincipalTag/kubernetes-namespace}/*`,
        },
      ],
    },
    null,
    2,
  );
}

/** A world with one node whose role may call EKS Auth (unless `agentAllowed: false`); every node runs the agent. */
export async function podIdentityWorld(
  seed: number,
  options: {
    readonly metadataOptions: Partial<MetadataOptions>;
    readonly oidcProvider: boolean;
    readonly agentAllowed: boolean;
  },
): Promise<World> {
  const world = await worldWithNode(seed, {
    metadataOptions: options.metadataOptions,
    instanceRolePolicies: {},
    oidcProvider: options.oidcProvider,
  });
  if (options.agentAllowed) allowPodIdentityAgent(world);
  return world;
}

/** Every AssumeRoleForPodIdentity record (the agent's calls to EKS Auth), oldest first. */
export function eksAuthRecords(world: World): EksAuthRecord[] {
  return world.log
    .all('cloudtrail')
    .map((e) => e.data)
    .filter((r): r is EksAuthRecord => r.eventName === 'AssumeRoleForPodIdentity');
}

/** Every STS AssumeRole record (EKS Auth assuming the association's role, then a target role), oldest first. */
export function assumeRoleRecords(world: World): AssumeRoleRecord[] {
  return world.log
    .all('cloudtrail')
    .map((e) => e.data)
    .filter((r): r is AssumeRoleRecord => r.eventName === 'AssumeRole');
}

/** How many entries the array parameter `name` of an AssumeRole record has (tags, transitiveTagKeys); 0 when absent. */
export function countParameter(record: AssumeRoleRecord | undefined, name: 'tags' | 'transitiveTagKeys'): number {
  const value = record?.requestParameters[name];
  return Array.isArray(value) ? value.length : 0;
}

/** The records of the last credential fetch among `records`: its STS calls, then EKS Auth's own record. */
function lastFetch(records: readonly CloudTrailRecord[]): CloudTrailRecord[] {
  let group: CloudTrailRecord[] = [];
  let last: CloudTrailRecord[] = [];
  for (const r of records) {
    group.push(r);
    if (r.eventSource === EKS_AUTH_SOURCE) {
      last = group;
      group = [];
    }
  }
  return last.length > 0 ? last : group.slice(-1);
}

/** How EKS Auth decided one call, each STS AssumeRole it made expanded under it (at `depth`). */
function eksAuthLines(world: World, fetch: readonly CloudTrailRecord[], depth: number): TraceLine[] {
  const record = fetch.find((r) => r.eventSource === EKS_AUTH_SOURCE);
  const steps = record?.requestID ? world.eks.traceOf(record.requestID) : undefined;
  if (!record || !steps) return [];
  const lines: TraceLine[] = [
    {
      depth,
      text: `EKS Auth AssumeRoleForPodIdentity (the node's agent, request ${record.requestID}): ${record.errorCode ?? 'answered credentials'}`,
      ok: record.errorCode === undefined,
    },
  ];
  const sts = fetch.filter((r) => r.eventSource === STS_EVENT_SOURCE);
  for (const s of steps) {
    lines.push({ depth: depth + 1, text: `${s.step}: ${s.detail}`, ok: s.ok });
    if (!s.step.startsWith('sts-')) continue;
    const call = sts.shift();
    const trace = call?.requestID ? world.sts.traceOf(call.requestID) : undefined;
    if (trace) lines.push(...stsDecision('', trace).lines.map((l) => ({ ...l, depth: l.depth + depth + 2 })));
  }
  return lines;
}

/**
 * Run the pod's SDK chain (a model of the real SDK's default chain) and explain it: the providers it tried,
 * and below the one that called out, what EKS Auth and STS decided (Pod Identity) or what STS decided (IRSA).
 */
export async function resolveThroughChain(
  world: World,
  namespace: string,
  pod: string,
  sdk: SdkFlavor = 'js-v3',
): Promise<PodCredentials> {
  const view = podView(world, namespace, pod);
  const before = world.log.lastSeq;
  const result = await createCredentialChain(view, {
    sdk,
    clock: world.clock,
    log: world.log,
    region: world.region,
  }).resolve();
  const sdkName = sdk === 'js-v3' ? 'AWS SDK for JavaScript v3' : 'botocore';
  const chain = chainDecision(`${sdkName} default credential chain in ${namespace}/${pod}`, result);
  const panels: Panel[] = [{ kind: 'chain', title: 'Credential chain', trace: chain }];
  const roleArn = roleOf(world, result.ok ? result.credentials.accessKeyId : undefined);
  if (result.ok)
    panels.push(
      credentialsPanel(world, 'Credentials the workload holds', result.credentials.source, result.credentials),
    );
  const fetch = lastFetch(
    world.log
      .since(before)
      .filter((e) => e.type === 'cloudtrail')
      .map((e) => e.data as CloudTrailRecord),
  );
  if (fetch.length > 0) panels.push({ kind: 'cloudtrail', title: 'CloudTrail', records: fetch });
  let below = eksAuthLines(world, fetch, 1);
  if (below.length > 0) {
    panels.push({
      kind: 'trust-trace',
      title: 'How EKS Auth and STS decided',
      trace: {
        title: 'EKS Auth',
        allowed: below[0]?.ok === true,
        lines: below.map((l) => ({ ...l, depth: l.depth - 1 })),
      },
    });
  } else if (fetch.some((r) => r.eventSource === STS_EVENT_SOURCE)) {
    const sts = lastStsDecision(world);
    if (sts) panels.push({ kind: 'trust-trace', title: 'How STS decided', trace: sts });
    below = sts?.lines.map((l) => ({ ...l, depth: l.depth + 1 })) ?? [];
  }
  const decision: DecisionTrace = { title: chain.title, allowed: result.ok, lines: [...chain.lines, ...below] };
  return { result, ...(roleArn ? { roleArn } : {}), panels, decision };
}

/** The Pod Identity token file as the pod sees it ('' when there is none). */
export function readPodIdentityToken(world: World, namespace: string, pod: string): string {
  try {
    return podView(world, namespace, pod).readFile(POD_IDENTITY_TOKEN_PATH) ?? '';
  } catch {
    return '';
  }
}

/** The decoded Pod Identity token of a pod, or a line saying it has none. */
export function podIdentityTokenPanel(world: World, namespace: string, pod: string): Panel {
  const token = readPodIdentityToken(world, namespace, pod);
  return token
    ? tokenPanel(`${POD_IDENTITY_TOKEN_PATH} in ${namespace}/${pod}`, token)
    : textPanel(
        `${POD_IDENTITY_TOKEN_PATH} in ${namespace}/${pod}`,
        '(no such file: the pod has no Pod Identity token)',
      );
}

/** Whether the pod reaches its node's agent, as the node explains it. */
export function agentPanel(world: World, namespace: string, pod: string): Panel {
  const verdict = world.nodeOf(namespace, pod).explainPodIdentityAgent(namespace, pod);
  return textPanel(`Can ${verdict.pod} reach the Pod Identity agent?`, [
    `${verdict.reachable ? 'yes' : 'no'}: ${verdict.summary}`,
  ]);
}

/** The association as `aws eks create-pod-identity-association` prints it (`createdAt` in epoch seconds, as on the wire). */
export function associationPanel(association: object): Panel {
  return textPanel('aws eks create-pod-identity-association (response)', JSON.stringify({ association }, null, 2));
}

/** The provider a chain got its credentials from, or its error code when it got none. */
export function sourceOf(got: PodCredentials): string {
  return got.result.ok ? got.result.credentials.source : got.result.error.code;
}

/** `<pod> holds <role> from <source>`: what a step says of the role its pod's chain got. */
export function holdsText(pod: string, got: PodCredentials): string {
  return `${pod} holds ${got.roleArn ?? 'nothing'} from ${sourceOf(got)}`;
}

/** What a step expects its pod's chain to get: the role, and the provider it comes from. */
export interface ExpectedHold {
  readonly role: string;
  readonly source: string;
}

/**
 * The result of a step that runs a pod's chain and says which role it holds: allowed when the chain got
 * credentials, the chain's decision, its panels after `panels`, and the checks `role obtained` and
 * `credential source` between `checksBefore` and `checksAfter`.
 */
export function heldRoleResult(
  got: PodCredentials,
  expected: ExpectedHold,
  parts: {
    readonly action: string;
    readonly summary: string;
    readonly panels?: readonly Panel[];
    readonly checksBefore?: readonly Check[];
    readonly checksAfter?: readonly Check[];
  },
): StepResult {
  return {
    action: parts.action,
    outcome: got.result.ok ? 'allowed' : 'denied',
    summary: parts.summary,
    panels: parts.panels ? [...parts.panels, ...got.panels] : got.panels,
    decision: got.decision,
    checks: [
      ...(parts.checksBefore ?? []),
      check('role obtained', expected.role, got.roleArn),
      check('credential source', expected.source, sourceOf(got)),
      ...(parts.checksAfter ?? []),
    ],
  };
}

/** Whether the credentials came through the agent, by provider name (JS v3 fromHttp, botocore container-role). */
export function viaAgent(got: PodCredentials): boolean {
  return (
    got.result.ok &&
    (got.result.credentials.source === 'fromHttp' || got.result.credentials.source === 'container-role')
  );
}
