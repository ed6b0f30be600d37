/**
 * The Pod Identity labs (11 and 12) share one probe: the workshop world with
 * the agent's permission on the node role, and a pod's botocore chain
 * followed down through the agent, EKS Auth and STS, so a failure can say
 * which hop refused (the STS step and its trust-policy evaluation, EKS
 * Auth's error) or that the pod never reached the agent at all.
 */

import { type ChainResult, createCredentialChain } from '@irsa-lab/ec2-node';
import type { TraceStep } from '@irsa-lab/iam';
import { allowPodIdentityAgent, type World } from '@irsa-lab/world';
import { workshopWorld } from '../sim/workshop-world.js';

/** The workshop world whose node role may call EKS Auth (every node runs the agent). */
export async function podIdentityWorkshop(): Promise<World> {
  const world = await workshopWorld();
  allowPodIdentityAgent(world);
  return world;
}

/** One credential fetch of a pod, as its SDK and the services saw it. */
export interface PodFetch {
  readonly result: ChainResult;
  /** The role the credentials belong to, as IAM knows them. */
  readonly roleArn?: string;
  /** How many session tags the credentials carry. */
  readonly sessionTags: number;
  /** The provider that answered (botocore `container-role`, `iam-role`...), or the error code. */
  readonly source: string;
  /** EKS Auth's error code for this fetch, if it refused. */
  readonly eksAuthError?: string;
  /** STS's trace of the AssumeRole EKS Auth made, if it made one. */
  readonly assumeRole?: readonly TraceStep[];
  /** Whether the agent was asked at all (false: the pod has no container credentials). */
  readonly askedAgent: boolean;
}

/** Run botocore's default chain in `namespace/pod` and gather what each hop recorded. */
export async function fetchInPod(world: World, namespace: string, pod: string): Promise<PodFetch> {
  const view = world.nodeOf(namespace, pod).podView(namespace, pod);
  const before = world.log.lastSeq;
  const result = await createCredentialChain(view, {
    sdk: 'botocore',
    clock: world.clock,
    log: world.log,
    region: world.region,
  }).resolve();
  const events = world.log.since(before);
  const records = events.filter((e) => e.type === 'cloudtrail').map((e) => e.data);
  const eksAuth = records.filter((r) => r.eventName === 'AssumeRoleForPodIdentity').at(-1);
  const assumeRole = records.filter((r) => r.eventName === 'AssumeRole').at(-1);
  const trace = assumeRole?.requestID ? world.sts.traceOf(assumeRole.requestID) : undefined;
  const session = result.ok ? world.iam.lookupAccessKey(result.credentials.accessKeyId) : undefined;
  return {
    result,
    ...(session?.roleArn ? { roleArn: session.roleArn } : {}),
    sessionTags: session?.sessionTags?.length ?? 0,
    source: result.ok ? result.credentials.source : result.error.code,
    ...(eksAuth?.errorCode ? { eksAuthError: eksAuth.errorCode } : {}),
    ...(trace ? { assumeRole: trace } : {}),
    askedAgent: events.some((e) => e.type === 'pod-identity-agent.answered' && e.data.caller === `${namespace}/${pod}`),
  };
}

/** What the pod got, in one line: the role and provider, or the error. */
export function fetchLine(fetch: PodFetch): string {
  return fetch.result.ok
    ? `its SDK (botocore) got ${fetch.roleArn ?? 'credentials'} from ${fetch.source}`
    : `its SDK (botocore) failed: ${fetch.result.error.code}: ${fetch.result.error.message.trimEnd()}`;
}
