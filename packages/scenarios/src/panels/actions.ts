/**
 * Common scenario actions that return a ready StepResult body: run a pod's
 * SDK credential chain and explain it; call STS with a token and explain the
 * decision. Everything is read from the live world.
 */
import { AWS_WEB_IDENTITY_TOKEN_FILE, IRSA_TOKEN_PATH, STS_EVENT_SOURCE } from '@irsa-lab/core';
import { type ChainResult, createCredentialChain, type SdkFlavor } from '@irsa-lab/ec2-node';
import type { World } from '@irsa-lab/world';
import type { DecisionTrace, Panel } from '../engine/types.js';
import { cloudtrailPanel, credentialsPanel, tokenPanel } from './panels.js';
import { chainDecision, stsDecision } from './traces.js';

/** The explanation of the most recent STS call (found through CloudTrail's requestID). */
export function lastStsDecision(world: World, title = 'STS AssumeRoleWithWebIdentity'): DecisionTrace | undefined {
  const record = world.log
    .all('cloudtrail')
    .map((e) => e.data)
    .filter((r) => r.eventSource === STS_EVENT_SOURCE)
    .at(-1);
  const trace = record?.requestID ? world.sts.traceOf(record.requestID) : undefined;
  return trace ? stsDecision(title, trace) : undefined;
}

export interface PodCredentials {
  readonly result: ChainResult;
  /** The role the credentials belong to, as IAM knows it. */
  readonly roleArn?: string;
  readonly panels: Panel[];
  readonly decision: DecisionTrace;
}

/** Run the pod's SDK chain (the model of the real SDK's default chain) and gather what to show. */
export async function resolveInPod(
  world: World,
  namespace: string,
  pod: string,
  sdk: SdkFlavor = 'js-v3',
): Promise<PodCredentials> {
  const view = world.nodeOf(namespace, pod).podView(namespace, pod);
  const before = world.log.lastSeq;
  const result = await createCredentialChain(view, {
    sdk,
    clock: world.clock,
    log: world.log,
    region: world.region,
  }).resolve();
  const panels: Panel[] = [];
  const token = view.env()[AWS_WEB_IDENTITY_TOKEN_FILE] ? safeRead(view, IRSA_TOKEN_PATH) : undefined;
  if (token) panels.push(tokenPanel(`${IRSA_TOKEN_PATH} in ${namespace}/${pod}`, token));
  const chain = chainDecision(
    `${sdk === 'js-v3' ? 'AWS SDK for JavaScript v3' : 'botocore'} default credential chain in ${namespace}/${pod}`,
    result,
  );
  panels.push({ kind: 'chain', title: 'Credential chain', trace: chain });
  let roleArn: string | undefined;
  if (result.ok) {
    roleArn = world.iam.lookupAccessKey(result.credentials.accessKeyId)?.roleArn;
    panels.push(
      credentialsPanel(world, 'Credentials the workload holds', result.credentials.source, result.credentials),
    );
  }
  const stsCalled = world.log.since(before).some((e) => e.type === 'cloudtrail');
  const sts = stsCalled ? lastStsDecision(world) : undefined;
  if (stsCalled) panels.push(cloudtrailPanel(world, 1));
  if (sts) panels.push({ kind: 'trust-trace', title: 'How STS decided', trace: sts });
  const decision: DecisionTrace = sts
    ? {
        title: chain.title,
        allowed: result.ok,
        lines: [...chain.lines, ...sts.lines.map((l) => ({ ...l, depth: l.depth + 1 }))],
      }
    : chain;
  return { result, ...(roleArn ? { roleArn } : {}), panels, decision };
}

function safeRead(view: { readFile(path: string): string | undefined }, path: string): string | undefined {
  try {
    return view.readFile(path);
  } catch {
    return undefined;
  }
}
